package dev.productingest.server.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.productingest.server.store.JobStatus;
import java.time.Instant;

/**
 * A job's progress as JSON: the value of its Redis key, the progress in each commit event, and the body of its
 * completion event (topic and webhook). The one place that maps {@link JobProgress} to that text and back, so the class
 * can change without changing what other servers and receivers read.
 */
public final class ProgressJson {
    private final ObjectMapper json;

    /** The JSON's fields, in the order they are written; receivers read them by these names. */
    private record Message(
            String jobId,
            JobStatus state,
            String source,
            Long expectedRows,
            Long maxRejected,
            long received,
            long inserted,
            long updated,
            long unchanged,
            long stale,
            long rejected,
            long deleted,
            long retired,
            long committedOffset,
            double rowsPerSecond,
            String owner,
            String server,
            String error,
            Instant startedAt,
            Instant updatedAt,
            Instant finishedAt,
            Instant snapshotAsOf,
            Instant snapshotNewest) {}

    public ProgressJson(ObjectMapper json) {
        this.json = json;
    }

    public String write(JobProgress p) {
        try {
            return json.writeValueAsString(new Message(
                    p.jobId(),
                    p.state(),
                    p.source(),
                    p.expectedRows(),
                    p.maxRejected(),
                    p.received(),
                    p.inserted(),
                    p.updated(),
                    p.unchanged(),
                    p.stale(),
                    p.rejected(),
                    p.deleted(),
                    p.retired(),
                    p.committedOffset(),
                    p.rowsPerSecond(),
                    p.owner(),
                    p.server(),
                    p.error(),
                    p.startedAt(),
                    p.updatedAt(),
                    p.finishedAt(),
                    p.snapshotAsOf(),
                    p.snapshotNewest()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("job progress cannot be written as JSON", e);
        }
    }

    /** @param where what held the text, for the error when it is not a job's progress */
    public JobProgress read(String text, String where) {
        Message m;
        try {
            m = json.readValue(text, Message.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(where + " does not hold a job's progress: " + text, e);
        }
        return new JobProgress(
                m.jobId(),
                m.state(),
                m.source(),
                m.expectedRows(),
                m.maxRejected(),
                m.received(),
                m.inserted(),
                m.updated(),
                m.unchanged(),
                m.stale(),
                m.rejected(),
                m.deleted(),
                m.retired(),
                m.committedOffset(),
                m.rowsPerSecond(),
                m.owner(),
                m.server(),
                m.error(),
                m.startedAt(),
                m.updatedAt(),
                m.finishedAt(),
                m.snapshotAsOf(),
                m.snapshotNewest());
    }
}
