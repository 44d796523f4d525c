package dev.productingest.server.ingest.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.productingest.server.testing.CapturedLog;
import io.grpc.Status;
import java.net.ConnectException;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.Test;

/**
 * The status a producer gets for each way a batch can fail, and so whether its SDK resumes; a failure of the server's
 * own names an error id and nothing of the database, and the log holds the whole exception under that id.
 */
class IngestStatusTest {
    private static final Pattern ERROR_ID = Pattern.compile("error id ([0-9a-f]{16})");
    private static final String DRIVER_MESSAGE =
            "Connection to db-7.internal.example:5432 refused. Check that the hostname and port are correct";

    @Test
    void aBatchThatKeptMeetingOtherWritersIsAbortedWhichProducersRetry() {
        // Deadlock, serialization failure, a race of inserts, a lock wait past the session's lock timeout.
        for (String contention : new String[] {"40P01", "40001", "23505", "55P03"}) {
            Status status = IngestStatus.of(new UnableToExecuteStatementException(
                            new SQLException(
                                    "deadlock detected on relation products of db-7.internal.example", contention),
                            null))
                    .getStatus();

            assertThat(status.getCode()).as(contention).isEqualTo(Status.Code.ABORTED);
            assertThat(status.getDescription())
                    .contains("other writers")
                    .contains("resuming the job")
                    .containsPattern(ERROR_ID)
                    .doesNotContain("deadlock detected", "db-7");
        }
    }

    @Test
    void aDatabaseThatCannotBeReachedIsUnavailable() {
        Status refused = IngestStatus.of(new IllegalStateException(new ConnectException("Connection refused")))
                .getStatus();
        Status broken = IngestStatus.of(
                        new SQLException("An I/O error occurred while sending to the backend.", "08006"))
                .getStatus();

        assertThat(refused.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(broken.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    }

    @Test
    void anythingElseIsInternal() {
        assertThat(IngestStatus.of(new IllegalStateException("a bug"))
                        .getStatus()
                        .getCode())
                .isEqualTo(Status.Code.INTERNAL);
    }

    @Test
    void aFailureOfTheServerNamesAnErrorIdAndTheLogHoldsTheDriversMessageUnderIt() {
        Throwable[] failures = {
            new IllegalStateException("wrapped", new SQLException(DRIVER_MESSAGE, "08001")),
            new IllegalStateException(DRIVER_MESSAGE),
        };
        for (Throwable failure : failures) {
            try (CapturedLog log = CapturedLog.start()) {
                Status status = IngestStatus.of(failure).getStatus();

                assertThat(status.getDescription())
                        .as(status.getCode().toString())
                        .doesNotContain("db-7", "5432", "refused", "hostname")
                        .containsPattern(ERROR_ID);
                assertThat(status.getCause())
                        .as("nothing of the exception travels with the status")
                        .isNull();
                Matcher id = ERROR_ID.matcher(status.getDescription());
                assertThat(id.find()).isTrue();
                assertThat(log.events())
                        .filteredOn(event -> event.contains("error id " + id.group(1)))
                        .singleElement()
                        .asString()
                        .contains(DRIVER_MESSAGE)
                        .contains("at dev.productingest.server.ingest.stream.IngestStatusTest");
            }
        }
    }

    @Test
    void eachFailureHasItsOwnErrorId() {
        String first =
                IngestStatus.of(new IllegalStateException("a bug")).getStatus().getDescription();
        String second =
                IngestStatus.of(new IllegalStateException("a bug")).getStatus().getDescription();

        assertThat(first).isNotEqualTo(second);
    }
}
