package dev.productingest.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.productingest.server.store.JobStatus;
import io.dropwizard.jackson.Jackson;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The JSON other servers and completion receivers read: its field names and values, and a faithful way back. */
class ProgressJsonTest {
    static final ObjectMapper MAPPER =
            Jackson.newObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    static final JobProgress JOB = new JobProgress(
            "job-1",
            JobStatus.COMPLETED,
            "nightly.csv",
            10L,
            null,
            10,
            5,
            2,
            1,
            0,
            1,
            1,
            3,
            10,
            2.5,
            "catalog-team",
            "host-1",
            null,
            Instant.parse("2024-05-01T12:00:00Z"),
            Instant.parse("2024-05-01T12:00:04Z"),
            Instant.parse("2024-05-01T12:00:04Z"),
            Instant.parse("2024-05-01T00:00:00Z"),
            Instant.parse("2024-04-30T23:59:00Z"));
    static final String JSON =
            "{\"jobId\":\"job-1\",\"state\":\"COMPLETED\",\"source\":\"nightly.csv\",\"expectedRows\":10,"
                    + "\"maxRejected\":null,\"received\":10,\"inserted\":5,\"updated\":2,\"unchanged\":1,\"stale\":0,\"rejected\":1,"
                    + "\"deleted\":1,\"retired\":3,\"committedOffset\":10,\"rowsPerSecond\":2.5,\"owner\":\"catalog-team\",\"server\":\"host-1\",\"error\":null,\"startedAt\":\"2024-05-01T12:00:00Z\","
                    + "\"updatedAt\":\"2024-05-01T12:00:04Z\",\"finishedAt\":\"2024-05-01T12:00:04Z\",\"snapshotAsOf\":\"2024-05-01T00:00:00Z\","
                    + "\"snapshotNewest\":\"2024-04-30T23:59:00Z\"}";

    private final ProgressJson progressJson = new ProgressJson(MAPPER);

    @Test
    void progressIsWrittenWithTheFieldNamesReceiversRead() {
        assertThat(progressJson.write(JOB)).isEqualTo(JSON);
    }

    @Test
    void progressReadBackIsTheProgressWritten() {
        assertThat(progressJson.read(progressJson.write(JOB), "a test")).isEqualTo(JOB);
    }

    @Test
    void textThatIsNoProgressIsAnErrorNamingWhereItWas() {
        assertThatThrownBy(() -> progressJson.read("[1, 2]", "Redis key ns:job:x"))
                .hasMessageContaining("Redis key ns:job:x does not hold a job's progress");
    }
}
