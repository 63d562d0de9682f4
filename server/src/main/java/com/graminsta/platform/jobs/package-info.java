/**
 * The durable job queue: work that must happen after a request, survives crashes and restarts,
 * and is done once by one of many workers (PostgreSQL rows claimed with FOR UPDATE SKIP LOCKED
 * under a lease). Features enqueue with {@link com.graminsta.platform.jobs.Jobs} and handle with
 * a {@link com.graminsta.platform.jobs.JobHandler} bean.
 */
package com.graminsta.platform.jobs;
