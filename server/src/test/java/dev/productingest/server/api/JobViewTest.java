package dev.productingest.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.productingest.server.jobs.JobProgress;
import dev.productingest.server.store.JobStatus;
import io.dropwizard.jackson.Jackson;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The JSON of {@code GET /jobs/{id}}: the REST contract, whatever becomes of the classes behind it. */
class JobViewTest {
    private static final ObjectMapper MAPPER =
            Jackson.newObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void aJobIsShownWithTheFieldNamesTheRestApiDocuments() throws Exception {
        JobProgress running = new JobProgress(
                "job-2",
                JobStatus.RUNNING,
                "feed",
                null,
                5L,
                100,
                100,
                0,
                0,
                0,
                0,
                0,
                0,
                100,
                50.0,
                "catalog-team",
                "host-1",
                null,
                Instant.parse("2024-05-01T12:00:00Z"),
                Instant.parse("2024-05-01T12:00:02Z"),
                null,
                null,
                null);

        assertThat(MAPPER.writeValueAsString(JobView.of(running)))
                .isEqualTo(
                        "{\"jobId\":\"job-2\",\"state\":\"RUNNING\",\"source\":\"feed\","
                                + "\"expectedRows\":null,\"maxRejected\":5,\"received\":100,\"inserted\":100,\"updated\":0,\"unchanged\":0,\"stale\":0,"
                                + "\"rejected\":0,\"deleted\":0,\"retired\":0,\"committedOffset\":100,\"rowsPerSecond\":50.0,\"owner\":\"catalog-team\",\"server\":\"host-1\",\"error\":null,"
                                + "\"startedAt\":\"2024-05-01T12:00:00Z\",\"updatedAt\":\"2024-05-01T12:00:02Z\",\"finishedAt\":null,\"snapshotAsOf\":null,\"snapshotNewest\":null}");
    }
}
