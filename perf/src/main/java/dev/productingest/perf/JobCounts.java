package dev.productingest.perf;

import dev.productingest.v1.IngestSummary;
import java.util.Locale;

/** A job's counts: what a load must end with, or what the server reported. */
record JobCounts(
        long received,
        long inserted,
        long updated,
        long unchanged,
        long stale,
        long deleted,
        long rejected,
        long retired) {
    static final JobCounts NONE = new JobCounts(0, 0, 0, 0, 0, 0, 0, 0);

    static JobCounts of(IngestSummary s) {
        return new JobCounts(
                s.getReceived(),
                s.getInserted(),
                s.getUpdated(),
                s.getUnchanged(),
                s.getStale(),
                s.getDeleted(),
                s.getRejected(),
                s.getRetired());
    }

    JobCounts plus(JobCounts o) {
        return new JobCounts(
                received + o.received,
                inserted + o.inserted,
                updated + o.updated,
                unchanged + o.unchanged,
                stale + o.stale,
                deleted + o.deleted,
                rejected + o.rejected,
                retired + o.retired);
    }

    JobCounts withRetired(long n) {
        return new JobCounts(received, inserted, updated, unchanged, stale, deleted, rejected, n);
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "received %d, inserted %d, updated %d, unchanged %d, stale %d, deleted %d, rejected %d, retired %d",
                received,
                inserted,
                updated,
                unchanged,
                stale,
                deleted,
                rejected,
                retired);
    }
}
