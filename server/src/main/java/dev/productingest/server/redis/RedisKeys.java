package dev.productingest.server.redis;

/**
 * Every Redis key and channel the server uses, under one namespace, so that several deployments can share a Redis and a
 * reader can find all of this server's names in one place.
 */
public record RedisKeys(String namespace) {
    /** A job's progress, as every server last wrote it. */
    public String job(String jobId) {
        return namespace + ":job:" + jobId;
    }

    /** Where every committed batch is announced, for the near caches and watchers of every server. */
    public String commits() {
        return namespace + ":commits";
    }

    /** Where every finished job's summary is published. */
    public String jobsCompleted() {
        return namespace + ":jobs-completed";
    }

    /** The catalog statistics, shared by every server. */
    public String stats() {
        return namespace + ":stats";
    }

    /** The key the health check writes and reads back. */
    public String health() {
        return namespace + ":health";
    }
}
