package dev.productingest.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class DatabaseOutageTest {

    @Test
    void connectionFailuresAndAServerGoingDownAreOutages() {
        assertThat(DatabaseOutage.causedBy(new SQLException("gone", "08006"))).isTrue();
        assertThat(DatabaseOutage.causedBy(new SQLException("shutting down", "57P01")))
                .isTrue();
        assertThat(DatabaseOutage.causedBy(new RuntimeException(new ConnectException("refused"))))
                .isTrue();
    }

    @Test
    void aFailureOfTheRequestItselfIsNot() {
        assertThat(DatabaseOutage.causedBy(new SQLException("value too long", "22001")))
                .isFalse();
        assertThat(DatabaseOutage.causedBy(new SQLException("canceled", "57014")))
                .isFalse();
        assertThat(DatabaseOutage.causedBy(thrownAt("dev.productingest.server.store.JobStore")))
                .isFalse();
    }

    @Test
    void aDriverThatLostItsPlaceInTheProtocolHasABrokenConnection() {
        // As pgjdbc fails when a reply of an earlier statement arrives for this one: from its own code, by way of
        // the JDK's collections.
        assertThat(DatabaseOutage.causedBy(thrownAt("org.postgresql.core.v3.QueryExecutorImpl")))
                .isTrue();
        assertThat(DatabaseOutage.causedBy(
                        new IllegalStateException(thrownAt("org.postgresql.core.v3.QueryExecutorImpl"))))
                .isTrue();
    }

    private static RuntimeException thrownAt(String className) {
        NoSuchElementException e = new NoSuchElementException();
        e.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("java.util.ArrayDeque", "removeFirst", "ArrayDeque.java", 362),
            new StackTraceElement(className, "processResults", "QueryExecutorImpl.java", 2735),
            new StackTraceElement("org.jdbi.v3.core.statement.SqlStatement", "internalExecute", "SqlStatement.java", 1)
        });
        return e;
    }
}
