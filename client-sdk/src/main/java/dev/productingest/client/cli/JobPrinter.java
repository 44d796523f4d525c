package dev.productingest.client.cli;

import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.Job;
import dev.productingest.v1.JobState;
import dev.productingest.v1.RowError;
import java.io.PrintWriter;
import java.time.Instant;

/** Jobs and summaries as the CLI prints them, and the exit code each one means. */
final class JobPrinter {
    private JobPrinter() {}

    static void counts(PrintWriter out, IngestSummary s) {
        out.printf(
                "job %s %s: received %d, inserted %d, updated %d, unchanged %d, stale %d, deleted %d, rejected %d;"
                        + " committed offset %d%n",
                s.getJobId(),
                s.getState(),
                s.getReceived(),
                s.getInserted(),
                s.getUpdated(),
                s.getUnchanged(),
                s.getStale(),
                s.getDeleted(),
                s.getRejected(),
                s.getCommittedOffset());
        if (s.getRetired() > 0) {
            out.printf("retired %d stored products the snapshot did not carry%n", s.getRetired());
        }
        if (s.hasSnapshotTime()) {
            out.printf(
                    "snapshot as of %s (%s)%n",
                    Instant.ofEpochSecond(
                            s.getSnapshotTime().getSeconds(),
                            s.getSnapshotTime().getNanos()),
                    s.getSnapshotTimeFromAsOf() ? "its as_of" : "the newest updated_at it carried");
        }
    }

    static void rejects(PrintWriter out, IngestSummary s) {
        if (s.getFirstRejectsCount() > 0) {
            out.printf("rejected rows (first %d of %d):%n", s.getFirstRejectsCount(), s.getRejected());
            for (RowError e : s.getFirstRejectsList()) {
                out.printf("  offset %d sku '%s' %s: %s%n", e.getOffset(), e.getSku(), e.getField(), e.getReason());
            }
        }
    }

    static void job(PrintWriter out, Job job) {
        counts(out, job.getSummary());
        out.printf(
                "owner %s, on %s, %.0f rows/s%s%n",
                job.getOwner().isEmpty() ? "unknown" : job.getOwner(),
                job.getServer().isEmpty() ? "no server" : job.getServer(),
                job.getRowsPerSecond(),
                job.hasExpectedRows()
                        ? String.format(
                                ", %d of %d rows expected", job.getSummary().getReceived(), job.getExpectedRows())
                        : "");
        if (!job.getSummary().getError().isEmpty()) {
            out.println("error: " + job.getSummary().getError());
        }
        rejects(out, job.getSummary());
    }

    /** 0 every row accepted, 2 some rejected, 1 the job did not complete. */
    static int exitCode(IngestSummary s) {
        if (s.getState() != JobState.COMPLETED) {
            return IngestCli.FAILED;
        }
        return s.getRejected() > 0 ? IngestCli.SOME_REJECTED : IngestCli.ACCEPTED;
    }
}
