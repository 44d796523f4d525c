package dev.productingest.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.productingest.server.testing.TestDatabase;
import io.dropwizard.db.DataSourceFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The limits of every session the server opens, as PostgreSQL reads them from the connection's start-up options. */
class SessionSettingsIntegrationTest {
    private static final SessionSettings SESSIONS = new DatabaseSessionsConfiguration().settings();

    @Test
    void theServersSessionsCarryEveryLimitAndKeepalive() throws SQLException {
        assertThat(settingsOf(SESSIONS.properties()))
                .containsEntry("idle_in_transaction_session_timeout", "10s")
                .containsEntry("lock_timeout", "5s")
                .containsEntry("statement_timeout", "25s")
                .containsEntry("tcp_keepalives_idle", "30")
                .containsEntry("tcp_keepalives_interval", "10")
                .containsEntry("tcp_keepalives_count", "3");
    }

    @Test
    void migrationsCarryThemAllButAStatementLimit() throws SQLException {
        DataSourceFactory database = new DataSourceFactory();
        database.setUrl(TestDatabase.server().jdbcUrl());

        assertThat(settingsOf(Migrations.configuration(database, SESSIONS).getJdbcProperties()))
                .containsEntry("statement_timeout", "0")
                .containsEntry("idle_in_transaction_session_timeout", "10s")
                .containsEntry("lock_timeout", "5s")
                .containsEntry("tcp_keepalives_idle", "30");
    }

    @Test
    void optionsADeploymentSetsInItsDataSourcePropertiesWin() throws SQLException {
        Map<String, String> properties =
                new HashMap<>(Map.of("options", "-c lock_timeout=7s", "tcpKeepAlive", "false"));

        SESSIONS.addTo(properties);

        assertThat(properties).containsEntry("tcpKeepAlive", "false");
        assertThat(settingsOf(properties))
                .containsEntry("lock_timeout", "7s")
                .containsEntry("statement_timeout", "25s");
    }

    private static Map<String, String> settingsOf(Map<String, String> connectionProperties) throws SQLException {
        Properties properties = new Properties();
        properties.putAll(connectionProperties);
        Map<String, String> settings = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(TestDatabase.server().jdbcUrl(), properties);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT name, current_setting(name) FROM pg_settings WHERE name IN ('statement_timeout',"
                                + " 'lock_timeout', 'idle_in_transaction_session_timeout', 'tcp_keepalives_idle', 'tcp_keepalives_interval',"
                                + " 'tcp_keepalives_count')")) {
            while (rs.next()) {
                settings.put(rs.getString(1), rs.getString(2));
            }
        }
        return settings;
    }
}
