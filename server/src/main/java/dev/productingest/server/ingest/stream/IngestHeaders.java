package dev.productingest.server.ingest.stream;

import com.google.protobuf.Timestamp;
import dev.productingest.rules.JobId;
import dev.productingest.rules.RowValidator;
import dev.productingest.server.store.Timestamps;
import dev.productingest.v1.IngestHeader;
import dev.productingest.v1.LoadMode;
import java.util.UUID;

/** What a valid IngestHeader is: each field's rule, and the job id it names. */
public final class IngestHeaders {
    private static final int MAX_SOURCE = 1024;
    // 0001-01-01 .. 9999-12-31, as protobuf's Timestamp allows.
    private static final long MIN_SECONDS = -62_135_596_800L;
    private static final long MAX_SECONDS = 253_402_300_799L;

    private IngestHeaders() {}

    /** The job id the header asks for, or a new one; INVALID_ARGUMENT for a malformed header. */
    static String jobIdOf(IngestHeader header, FutureBound future) {
        // Every field is checked, whether or not the header names a job.
        if (!header.getJobId().isEmpty() && !JobId.isValid(header.getJobId())) {
            throw IngestStatus.invalid(jobIdRule("header job_id"));
        }
        if (header.hasMaxRejected() && header.getMaxRejected() < 0) {
            throw IngestStatus.invalid("header max_rejected is negative: " + header.getMaxRejected());
        }
        if (header.hasExpectedRows() && header.getExpectedRows() < 0) {
            throw IngestStatus.invalid("header expected_rows is negative: " + header.getExpectedRows());
        }
        if (header.getSource().length() > MAX_SOURCE || header.getSource().indexOf('\0') >= 0) {
            throw IngestStatus.invalid(
                    "header source must be at most " + MAX_SOURCE + " characters with no NUL character");
        }
        checkSnapshotFields(header, future);
        return header.getJobId().isEmpty() ? UUID.randomUUID().toString() : header.getJobId();
    }

    /** What a job id that breaks the rule is told: the rule, never the id, which can be anything of any length. */
    public static String jobIdRule(String field) {
        return field + " must be " + JobId.RULE;
    }

    private static void checkSnapshotFields(IngestHeader header, FutureBound future) {
        if (header.getModeValue() != LoadMode.UPSERT_VALUE && header.getModeValue() != LoadMode.SNAPSHOT_VALUE) {
            throw IngestStatus.invalid(
                    "header mode " + header.getModeValue() + " is neither UPSERT (0) nor SNAPSHOT (1)");
        }
        if (header.getMode() != LoadMode.SNAPSHOT
                && (!header.getSnapshotCategory().isEmpty() || header.hasMaxRetiredShare() || header.hasAsOf())) {
            throw IngestStatus.invalid(
                    "header snapshot_category, max_retired_share and as_of are for SNAPSHOT jobs; set mode SNAPSHOT"
                            + " or leave them out");
        }
        if (header.hasAsOf()) {
            checkAsOf(header.getAsOf(), future);
        }
        if (header.hasMaxRetiredShare() && !(header.getMaxRetiredShare() >= 0 && header.getMaxRetiredShare() <= 1)) {
            throw IngestStatus.invalid(
                    "header max_retired_share is " + header.getMaxRetiredShare() + "; it is a share from 0 to 1");
        }
        if (header.getSnapshotCategory().length() > RowValidator.MAX_CATEGORY
                || header.getSnapshotCategory().indexOf('\0') >= 0) {
            throw IngestStatus.invalid("header snapshot_category must be at most " + RowValidator.MAX_CATEGORY
                    + " characters with no NUL character");
        }
    }

    /**
     * A snapshot's as_of is a moment its data was taken: a valid time, and at most a few minutes ahead of the server's
     * clock, where it would speak for products not yet written.
     */
    private static void checkAsOf(Timestamp asOf, FutureBound future) {
        if (asOf.getNanos() < 0
                || asOf.getNanos() > 999_999_999
                || asOf.getSeconds() < MIN_SECONDS
                || asOf.getSeconds() > MAX_SECONDS) {
            throw IngestStatus.invalid("header as_of is not a valid time");
        }
        future.checkAsOf(Timestamps.toInstant(asOf)).ifPresent(tooFar -> {
            throw IngestStatus.invalid(
                    tooFar + "; it is the moment the snapshot's data was taken (the export's time), not the load's");
        });
    }
}
