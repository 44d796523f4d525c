package dev.productingest.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The ingest_jobs table. A stream holds a job through a token and a lease; every write checks the token, so a stream
 * that lost its job can never advance it.
 */
public final class JobStore {
    static final String COLUMNS = """
            job_id, state, source, expected_rows, max_rejected, received, inserted, updated, unchanged, stale,
            rejected, deleted, retired, committed_offset, credential, owner, stream_token, lease_expires_at, error, started_at,
            updated_at, finished_at, mode, snapshot_category, max_retired_share, snapshot_as_of, snapshot_newest""";

    // Takes a new job, or a RUNNING one of the same credential whose holder let go or whose lease ran
    // out. A resumed job keeps the mode it was opened with. (The column "owner" is the server holding
    // the stream, "credential" the job's owner: V6.)
    private static final String CLAIM = """
            INSERT INTO ingest_jobs AS j (job_id, state, source, expected_rows, max_rejected, credential, owner, stream_token, lease_expires_at,
                                          mode, snapshot_category, max_retired_share, snapshot_as_of)
            VALUES (:job_id, 'RUNNING', :source, :expected_rows, :max_rejected, :credential, :server, :token, now() + :lease_ms * interval '1 millisecond',
                    :mode, :snapshot_category, :max_retired_share, :snapshot_as_of)
            ON CONFLICT (job_id) DO UPDATE SET
                credential = excluded.credential, owner = excluded.owner, stream_token = excluded.stream_token,
                lease_expires_at = excluded.lease_expires_at, updated_at = now()
            WHERE j.state = 'RUNNING' AND (j.stream_token IS NULL OR j.lease_expires_at < now())
                AND (j.credential IS NULL OR j.credential = excluded.credential)
            RETURNING\s""" + COLUMNS;

    private static final String ADVANCE = """
            UPDATE ingest_jobs SET
                received = received + :received, inserted = inserted + :inserted, updated = updated + :updated,
                unchanged = unchanged + :unchanged, stale = stale + :stale, deleted = deleted + :deleted,
                rejected = rejected + :rejected,
                committed_offset = :end_offset, lease_expires_at = now() + :lease_ms * interval '1 millisecond',
                snapshot_newest = GREATEST(snapshot_newest, CAST(:newest_carried AS timestamptz)), updated_at = now()
            WHERE job_id = :job_id AND stream_token = :token AND committed_offset = :start_offset
            RETURNING\s""" + COLUMNS;

    private static final String FINISH = """
            UPDATE ingest_jobs SET state = :state, error = :error, stream_token = NULL, lease_expires_at = NULL,
                finished_at = now(), updated_at = now()
            WHERE job_id = :job_id AND stream_token = :token
            RETURNING\s""" + COLUMNS;

    private final Jdbi jdbi;
    private final Duration lease;

    public JobStore(Jdbi jdbi, Duration lease) {
        this.jdbi = jdbi;
        this.lease = lease;
    }

    /**
     * Takes the job for this stream; empty when another live stream holds it, another credential owns it, or it has
     * ended.
     *
     * @param owner the credential opening or resuming the job
     * @param server the instance whose stream will hold it
     */
    public Optional<JobRecord> claim(
            String jobId,
            String source,
            Long expectedRows,
            Long maxRejected,
            SnapshotScope snapshot,
            String owner,
            String server,
            UUID token) {
        return jdbi.withHandle(h -> h.createQuery(CLAIM)
                .bind("job_id", jobId)
                .bind("source", StorableText.of(source, 1024))
                .bind("expected_rows", expectedRows)
                .bind("max_rejected", maxRejected)
                .bind("mode", snapshot == null ? "UPSERT" : "SNAPSHOT")
                .bind("snapshot_category", snapshot == null ? null : snapshot.category())
                .bind("max_retired_share", snapshot == null ? null : snapshot.maxRetiredShare())
                .bind("snapshot_as_of", snapshot == null || snapshot.asOf() == null ? null : utc(snapshot.asOf()))
                .bind("credential", owner)
                .bind("server", server)
                .bind("token", token)
                .bind("lease_ms", lease.toMillis())
                .map(JobStore::map)
                .findOne());
    }

    public Optional<JobRecord> find(String jobId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM ingest_jobs WHERE job_id = :job_id")
                .bind("job_id", jobId)
                .map(JobStore::map)
                .findOne());
    }

    /** Jobs in this state ordered by id, from the first id after {@code afterJobId} ("" for the start). */
    public List<JobRecord> list(JobStatus state, String afterJobId, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS
                        + " FROM ingest_jobs WHERE state = :state AND job_id > :after ORDER BY job_id LIMIT :limit")
                .bind("state", state.name())
                .bind("after", afterJobId)
                .bind("limit", limit)
                .map(JobStore::map)
                .list());
    }

    /**
     * Moves the committed offset from start to end and adds the batch's counts, inside the caller's transaction.
     *
     * @param newestCarried a snapshot's batch: the newest updated_at among its rows; null otherwise
     * @throws JobFencedException when this stream no longer holds the job
     */
    public JobRecord advance(
            Handle handle,
            String jobId,
            UUID token,
            long startOffset,
            long endOffset,
            BatchCounts counts,
            Instant newestCarried) {
        return handle.createQuery(ADVANCE)
                .bind("newest_carried", newestCarried == null ? null : utc(newestCarried))
                .bind("job_id", jobId)
                .bind("token", token)
                .bind("start_offset", startOffset)
                .bind("end_offset", endOffset)
                .bind("received", counts.received())
                .bind("inserted", counts.inserted())
                .bind("updated", counts.updated())
                .bind("unchanged", counts.unchanged())
                .bind("stale", counts.stale())
                .bind("deleted", counts.deleted())
                .bind("rejected", counts.rejected())
                .bind("lease_ms", lease.toMillis())
                .map(JobStore::map)
                .findOne()
                .orElseThrow(() -> new JobFencedException(jobId));
    }

    /** Ends the job in a final state and lets go of it. Empty when this stream no longer holds it. */
    public Optional<JobRecord> finish(String jobId, UUID token, JobStatus state, String error) {
        return jdbi.withHandle(h -> h.createQuery(FINISH)
                .bind("job_id", jobId)
                .bind("token", token)
                .bind("state", state.name())
                .bind("error", StorableText.of(error, 4096))
                .map(JobStore::map)
                .findOne());
    }

    /** Ends a RUNNING job no live stream holds as CANCELLED. Empty when it is held or not RUNNING. */
    public Optional<JobRecord> cancel(String jobId, String reason) {
        return jdbi.withHandle(h -> h.createQuery("""
                        UPDATE ingest_jobs SET state = 'CANCELLED', error = :error, stream_token = NULL, lease_expires_at = NULL,
                            finished_at = now(), updated_at = now()
                        WHERE job_id = :job_id AND state = 'RUNNING' AND (stream_token IS NULL OR lease_expires_at < now())
                        RETURNING\s""" + COLUMNS)
                .bind("job_id", jobId)
                .bind("error", StorableText.of(reason, 4096))
                .map(JobStore::map)
                .findOne());
    }

    /**
     * Ends as FAILED, with {@code reason}, up to {@code limit} RUNNING jobs that no stream has held for {@code after}:
     * none holds one now (let go, or its lease ran out), and none advanced, claimed or let go of it since. Ending a job
     * records its completion event, as every end does. A job a stream claims meanwhile is left alone: the conditions
     * are checked again on the row itself.
     */
    public List<JobRecord> abandon(Duration after, String reason, int limit) {
        return jdbi.withHandle(h -> h.createQuery("""
                        UPDATE ingest_jobs SET state = 'FAILED', error = :error, stream_token = NULL, lease_expires_at = NULL,
                            finished_at = now(), updated_at = now()
                        WHERE job_id IN (
                            SELECT job_id FROM ingest_jobs WHERE state = 'RUNNING'
                                AND GREATEST(updated_at, lease_expires_at) < now() - :after_ms * interval '1 millisecond'
                            ORDER BY job_id LIMIT :limit FOR UPDATE SKIP LOCKED)
                        AND state = 'RUNNING' AND GREATEST(updated_at, lease_expires_at) < now() - :after_ms * interval '1 millisecond'
                        RETURNING\s""" + COLUMNS)
                .bind("error", StorableText.of(reason, 4096))
                .bind("after_ms", after.toMillis())
                .bind("limit", limit)
                .map(JobStore::map)
                .list());
    }

    /** Lets go of a RUNNING job so that a reconnecting stream can resume it at once. */
    public void release(String jobId, UUID token) {
        jdbi.useHandle(h -> h.createUpdate(
                        "UPDATE ingest_jobs SET stream_token = NULL, lease_expires_at = NULL, updated_at = now() "
                                + "WHERE job_id = :job_id AND stream_token = :token")
                .bind("job_id", jobId)
                .bind("token", token)
                .execute());
    }

    /** Extends the leases of every job these streams hold, in one statement. */
    public int renewLeases(Collection<UUID> tokens) {
        if (tokens.isEmpty()) {
            return 0;
        }
        return jdbi.withHandle(h -> h.createUpdate(
                        "UPDATE ingest_jobs SET lease_expires_at = now() + :lease_ms * interval '1 millisecond' "
                                + "WHERE stream_token = ANY(:tokens)")
                .bind("lease_ms", lease.toMillis())
                .bindArray("tokens", UUID.class, tokens)
                .execute());
    }

    static JobRecord map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new JobRecord(
                rs.getString("job_id"),
                JobStatus.valueOf(rs.getString("state")),
                rs.getString("source"),
                (Long) rs.getObject("expected_rows"),
                (Long) rs.getObject("max_rejected"),
                rs.getLong("received"),
                rs.getLong("inserted"),
                rs.getLong("updated"),
                rs.getLong("unchanged"),
                rs.getLong("stale"),
                rs.getLong("rejected"),
                rs.getLong("deleted"),
                rs.getLong("retired"),
                rs.getLong("committed_offset"),
                rs.getString("credential"),
                rs.getString("owner"),
                rs.getObject("stream_token", UUID.class),
                Timestamps.toInstant(rs.getObject("lease_expires_at", OffsetDateTime.class)),
                rs.getString("error"),
                Timestamps.toInstant(rs.getObject("started_at", OffsetDateTime.class)),
                Timestamps.toInstant(rs.getObject("updated_at", OffsetDateTime.class)),
                Timestamps.toInstant(rs.getObject("finished_at", OffsetDateTime.class)),
                "SNAPSHOT".equals(rs.getString("mode"))
                        ? new SnapshotScope(
                                rs.getString("snapshot_category"),
                                (Double) rs.getObject("max_retired_share"),
                                Timestamps.toInstant(rs.getObject("snapshot_as_of", OffsetDateTime.class)),
                                Timestamps.toInstant(rs.getObject("snapshot_newest", OffsetDateTime.class)))
                        : null);
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
