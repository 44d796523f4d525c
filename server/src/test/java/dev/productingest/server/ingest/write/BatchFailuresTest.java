package dev.productingest.server.ingest.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class BatchFailuresTest {
    private static RuntimeException failure(String sqlState) {
        return new RuntimeException("batch failed", new SQLException("the database said no", sqlState));
    }

    @Test
    void dataExceptionsAndConstraintViolationsAreForGood() {
        assertThat(BatchFailures.isPermanent(failure("22021"))).isTrue(); // invalid byte sequence
        assertThat(BatchFailures.isPermanent(failure("23514"))).isTrue(); // check violation
        assertThat(BatchFailures.isPermanent(failure("54000"))).isTrue(); // program limit exceeded
    }

    @Test
    void racesAndAnUnavailableDatabaseAreNot() {
        assertThat(BatchFailures.isPermanent(failure("23505"))).isFalse(); // unique violation: another stream's insert
        assertThat(BatchFailures.isPermanent(failure("40P01"))).isFalse(); // deadlock
        assertThat(BatchFailures.isPermanent(failure("08006"))).isFalse(); // connection failure
        assertThat(BatchFailures.isPermanent(new IllegalStateException("no SQL here")))
                .isFalse();
    }
}
