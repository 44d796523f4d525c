package dev.productingest.server.store;

import io.dropwizard.db.DataSourceFactory;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/** Brings the schema to the newest version (db/migration/V*.sql) before the server takes traffic. */
public final class Migrations {
    private Migrations() {}

    public static void apply(DataSourceFactory database, SessionSettings sessions) {
        configuration(database, sessions).load().migrate();
    }

    /**
     * Over connections of their own, carrying the session limits but a statement's: a migration may take long, but must
     * not hold its locks for a client that is gone.
     */
    static FluentConfiguration configuration(DataSourceFactory database, SessionSettings sessions) {
        return Flyway.configure()
                .dataSource(database.getUrl(), database.getUser(), database.getPassword())
                .jdbcProperties(sessions.migrationProperties())
                .locations("classpath:db/migration");
    }
}
