package dev.productingest.server.resources;

import static org.assertj.core.api.Assertions.assertThat;

import dev.productingest.server.api.ApiError;
import dev.productingest.server.testing.CapturedLog;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class ErrorAnswersTest {
    @Test
    void aDatabaseFailureAnswers500NamingOnlyAnErrorId() {
        try (CapturedLog log = CapturedLog.start()) {
            Response response = ErrorAnswers.answer(new RuntimeException(new SQLException(
                    "FATAL: password authentication failed for user \"ingest\" at db-7.internal.example", "28P01")));

            ApiError error = (ApiError) response.getEntity();
            assertThat(response.getStatus()).isEqualTo(500);
            assertThat(error.code()).isEqualTo(500);
            assertThat(error.message())
                    .contains("error id " + error.errorId())
                    .doesNotContain("db-7", "password", "ingest", "SQL");
            assertThat(log.events())
                    .filteredOn(event -> event.contains("error id " + error.errorId()))
                    .singleElement()
                    .asString()
                    .contains("password authentication failed");
        }
    }

    @Test
    void aRefusalKeepsItsStatusAndMessage() {
        Response response = ErrorAnswers.answer(new BadRequestException("limit 0 is out of range: ask for 1 to 1000"));

        ApiError error = (ApiError) response.getEntity();
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(error).isEqualTo(new ApiError(400, "limit 0 is out of range: ask for 1 to 1000", null));
    }
}
