package com.graminsta.platform.jobs;

/**
 * A kind of job and the shape of its payload, shared by the code that enqueues it and its
 * {@link JobHandler}. The name is stored with every job, so it must never change once deployed.
 *
 * @param name a stable name such as {@code media.process}
 * @param payloadType the record the payload is stored as (JSON) and handed back as
 */
public record JobType<P>(String name, Class<P> payloadType) {

    public static <P> JobType<P> of(String name, Class<P> payloadType) {
        return new JobType<>(name, payloadType);
    }
}
