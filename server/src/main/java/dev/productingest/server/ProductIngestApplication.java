package dev.productingest.server;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.productingest.server.cache.CacheFactory;
import dev.productingest.server.cache.ProductCache;
import dev.productingest.server.cache.StatsCache;
import dev.productingest.server.embedded.EmbeddedPostgresServer;
import dev.productingest.server.grpc.GrpcServer;
import dev.productingest.server.health.GrpcServerHealthCheck;
import dev.productingest.server.health.RedisHealthCheck;
import dev.productingest.server.ingest.IngestService;
import dev.productingest.server.jobs.CommitChannel;
import dev.productingest.server.jobs.CompletionNotifier;
import dev.productingest.server.jobs.JobLookup;
import dev.productingest.server.jobs.ProgressFactory;
import dev.productingest.server.jobs.ProgressTracker;
import dev.productingest.server.resources.JobResource;
import dev.productingest.server.resources.ProductResource;
import dev.productingest.server.resources.RequestParameters;
import dev.productingest.server.store.DatabaseUrl;
import dev.productingest.server.store.JobStore;
import dev.productingest.server.store.Migrations;
import dev.productingest.server.store.ProductQueries;
import dev.productingest.server.store.RejectStore;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.jdbi3.JdbiFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import org.jdbi.v3.core.Jdbi;
import org.redisson.api.RedissonClient;

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
        // Times as ISO-8601 text in every JSON answer and in Redis.
        bootstrap.getObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    @Override
    public void run(ProductIngestConfiguration config, Environment environment) throws Exception {
        DataSourceFactory database = config.getDatabase();
        connect(config, environment);
        Migrations.apply(database);
        Jdbi jdbi = new JdbiFactory().build(environment, database, "postgresql");
        ObjectMapper json = environment.getObjectMapper();
        MetricRegistry metrics = environment.metrics();

        RedissonClient redis = config.getRedis().build(environment);
        String namespace = config.getRedis().getNamespace();
        environment.healthChecks().register("redis", new RedisHealthCheck(redis, namespace));

        JobStore jobs = new JobStore(jdbi, config.getIngest().lease());
        RejectStore rejects = new RejectStore(jdbi);
        ProductQueries products = new ProductQueries(jdbi, json);
        ProgressFactory progressSettings = config.getProgress();
        CommitChannel commits = new CommitChannel(redis, json, namespace).subscribe();
        ProgressTracker progress = new ProgressTracker(redis, commits, json, namespace, progressSettings.runningTtl(),
                progressSettings.endedTtl(), metrics);
        ScheduledExecutorService retries = environment.lifecycle().scheduledExecutorService("redis-retry-%d").threads(1).build();
        progress.retryUnsent(retries, Duration.ofSeconds(2));
        CompletionNotifier completions = new CompletionNotifier(redis, json, namespace, progressSettings.webhook(),
                progressSettings.getWebhookAttempts(), progressSettings.webhookFirstBackoff(), retries, metrics);
        CacheFactory caches = config.getCache();
        ProductCache productCache = new ProductCache(products, caches.getProductEntries(), caches.productTtl(), metrics)
                .listenTo(commits);
        StatsCache stats = new StatsCache(products, jobs, json, redis, namespace, caches.statsTtl(), metrics);
        JobLookup lookup = new JobLookup(progress, jobs);

        IngestService ingest = config.getIngest().build(environment, jdbi, jobs, rejects,
                List.of(productCache, progress, stats, completions), lookup, progress);
        grpcServer = config.getGrpc().build(environment, ingest.definition());
        environment.healthChecks().register("grpc", new GrpcServerHealthCheck(grpcServer));

        environment.jersey().register(new JobResource(lookup, rejects, PAGES));
        environment.jersey().register(new ProductResource(productCache, products, stats, PAGES));
    }

    private static final RequestParameters PAGES = new RequestParameters(100, 1000);

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
