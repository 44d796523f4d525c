package dev.productingest.server.store;

/** The states of a job as stored; the names match the wire enum. */
public enum JobStatus {
    RUNNING,
    COMPLETED,
    FAILED,
    CANCELLED
}
