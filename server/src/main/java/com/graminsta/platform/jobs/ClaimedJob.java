package com.graminsta.platform.jobs;

/**
 * A job a worker holds. {@code attempt} is the claim's fencing token: a worker whose lease ran
 * out cannot touch the job again once another worker has claimed it with a higher attempt.
 */
record ClaimedJob(long id, String type, String payload, int attempt) {
}
