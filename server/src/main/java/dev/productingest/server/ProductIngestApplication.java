package dev.productingest.server;

import dev.productingest.server.embedded.EmbeddedPostgresServer;
import dev.productingest.server.health.GrpcServerHealthCheck;
import dev.productingest.server.ingest.GrpcServer;
import dev.productingest.server.ingest.IngestService;
import dev.productingest.server.store.DatabaseUrl;
import dev.productingest.server.store.Migrations;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.jdbi3.JdbiFactory;
import org.jdbi.v3.core.Jdbi;

public class ProductIngestApplication extends Application<ProductIngestConfiguration> {
    private volatile GrpcServer grpcServer;

    public static void main(String[] args) throws Exception {
        new ProductIngestApplication().run(args);
    }

    @Override
    public String getName() {
        return "product-ingest";
    }

    @Override
    public void initialize(Bootstrap<ProductIngestConfiguration> bootstrap) {
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
                bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
    }

    @Override
    public void run(ProductIngestConfiguration config, Environment environment) throws Exception {
        DataSourceFactory database = config.getDatabase();
        connect(config, environment);
        Migrations.apply(database);
        Jdbi jdbi = new JdbiFactory().build(environment, database, "postgresql");

        IngestService ingest = config.getIngest().build(environment, jdbi);
        grpcServer = config.getGrpc().build(environment, ingest);
        environment.healthChecks().register("grpc", new GrpcServerHealthCheck(grpcServer));
    }

    /** The database URL that asks for the embedded PostgreSQL; config.yml uses it when DATABASE_URL is unset. */
    public static final String EMBEDDED = "embedded";

    /** Points the data source at DATABASE_URL, or at an embedded PostgreSQL when there is none. */
    private static void connect(ProductIngestConfiguration config, Environment environment) throws Exception {
        DataSourceFactory database = config.getDatabase();
        if (EMBEDDED.equals(database.getUrl().strip())) {
            EmbeddedPostgresServer embedded = config.getEmbeddedPostgres().start();
            environment.lifecycle().manage(embedded);
            database.setUrl(embedded.jdbcUrl());
            database.setUser("postgres");
            return;
        }
        DatabaseUrl url = DatabaseUrl.parse(database.getUrl());
        database.setUrl(url.jdbcUrl());
        if (url.user() != null) {
            database.setUser(url.user());
        }
        if (url.password() != null) {
            database.setPassword(url.password());
        }
    }

    /** The port the gRPC server listens on, once the application runs. */
    public int grpcPort() {
        return grpcServer.port();
    }
}
