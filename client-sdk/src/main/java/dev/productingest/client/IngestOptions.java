package dev.productingest.client;

import java.time.Instant;

/**
 * How to run one load.
 *
 * @param jobId the job to start or resume; null lets the server choose one (such a load cannot resume)
 * @param source where the rows come from, shown with the job
 * @param expectedRows how many rows the source holds, when known; null otherwise
 * @param maxRejected the error budget: the job fails once more rows than this are rejected; null for no limit
 * @param snapshot null for an upsert load; for a snapshot load, what it may retire
 */
public record IngestOptions(String jobId, String source, Long expectedRows, Long maxRejected, Snapshot snapshot) {

    /**
     * A snapshot load: the rows are the whole catalog (of {@code category}, when not null) as of {@code asOf}, and the
     * stored products they do not carry and that are not newer than that moment are deleted when the job completes,
     * unless that would be more than {@code maxRetiredShare} of them (null: the server's limit, 10% by default; above
     * it needs a credential with the admin scope).
     *
     * @param asOf when the snapshot's data was taken (the export's time); null: the newest {@code updated_at} among its
     *     rows. Never later than now: products written after it keep their place.
     */
    public record Snapshot(String category, Double maxRetiredShare, Instant asOf) {
        /** A snapshot whose time is the newest {@code updated_at} among its rows. */
        public Snapshot(String category, Double maxRetiredShare) {
            this(category, maxRetiredShare, null);
        }
    }

    /**
     * No job id (the server or the client picks one), no source name, no expected count, no error budget; an upsert
     * load.
     */
    public static IngestOptions defaults() {
        return new IngestOptions(null, "", null, null, null);
    }

    /** The job to start or resume; rerunning with the same id resumes where it stopped. */
    public IngestOptions withJobId(String id) {
        return new IngestOptions(id, source, expectedRows, maxRejected, snapshot);
    }

    /** Where the rows come from (a file name, say), shown with the job. */
    public IngestOptions withSource(String s) {
        return new IngestOptions(jobId, s, expectedRows, maxRejected, snapshot);
    }

    /** How many rows the source holds, when known: the job and the progress listener report against it. */
    public IngestOptions withExpectedRows(Long n) {
        return new IngestOptions(jobId, source, n, maxRejected, snapshot);
    }

    /** The error budget: the job fails once more rows than this are rejected; null for no limit. */
    public IngestOptions withMaxRejected(Long n) {
        return new IngestOptions(jobId, source, expectedRows, n, snapshot);
    }

    /** A snapshot load (see {@link Snapshot}); null for an upsert load. */
    public IngestOptions withSnapshot(Snapshot s) {
        return new IngestOptions(jobId, source, expectedRows, maxRejected, s);
    }
}
