package dev.productingest.server.ingest.stream;

import dev.productingest.server.store.JobStatus;

/**
 * How a stream will end the job it holds: COMPLETED, unless a failure has decided otherwise (the error budget spent, a
 * batch the database refuses for good), which then says why in the job's error.
 */
record JobEnd(JobStatus state, String error) {
    static final JobEnd COMPLETED = new JobEnd(JobStatus.COMPLETED, null);

    static JobEnd failed(String why) {
        return new JobEnd(JobStatus.FAILED, why);
    }

    boolean isFailure() {
        return state == JobStatus.FAILED;
    }
}
