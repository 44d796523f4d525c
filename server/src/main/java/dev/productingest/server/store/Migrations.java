package dev.productingest.server.store;

import io.dropwizard.db.DataSourceFactory;
import org.flywaydb.core.Flyway;

/** Brings the schema to the newest version (db/migration/V*.sql) before the server takes traffic. */
public final class Migrations {
    private Migrations() {
    }

    public static void apply(DataSourceFactory database) {
        Flyway.configure()
                .dataSource(database.getUrl(), database.getUser(), database.getPassword())
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }
}
