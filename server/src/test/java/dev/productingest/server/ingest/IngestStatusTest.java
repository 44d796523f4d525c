package dev.productingest.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.net.ConnectException;
import java.sql.SQLException;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.Test;

/** The status a producer gets for each way a batch can fail, and so whether its SDK resumes. */
class IngestStatusTest {
    @Test
    void aBatchThatKeptMeetingOtherWritersIsAbortedWhichProducersRetry() {
        for (String contention : new String[] {"40P01", "40001", "23505"}) {
            Status status = IngestStatus.of(new UnableToExecuteStatementException(new SQLException("contended", contention), null))
                    .getStatus();

            assertThat(status.getCode()).as(contention).isEqualTo(Status.Code.ABORTED);
            assertThat(status.getDescription()).contains("other writers").contains("resuming the job");
        }
    }

    @Test
    void aDatabaseThatCannotBeReachedIsUnavailable() {
        Status refused = IngestStatus.of(new IllegalStateException(new ConnectException("Connection refused"))).getStatus();
        Status broken = IngestStatus.of(new SQLException("An I/O error occurred while sending to the backend.", "08006")).getStatus();

        assertThat(refused.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(broken.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    }

    @Test
    void anythingElseIsInternal() {
        assertThat(IngestStatus.of(new IllegalStateException("a bug")).getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
    }
}
