package dev.productingest.server.store;

/** A stream tried to advance a job it no longer holds: another stream took it over. */
public final class JobFencedException extends RuntimeException {
    public JobFencedException(String jobId) {
        super("job " + jobId + " was taken over by another stream; this stream's uncommitted rows were not written");
    }
}
