package dev.productingest.server;

import ch.qos.logback.access.jetty.RequestLogImpl;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.productingest.server.auth.AuthFactory;
import dev.productingest.server.auth.ConnectorAddresses;
import dev.productingest.server.auth.Credentials;
import dev.productingest.server.auth.ListenPolicy;
import dev.productingest.server.cache.CacheConfiguration;
import dev.productingest.server.cache.ProductCache;
import dev.productingest.server.cache.StatsCache;
import dev.productingest.server.embedded.EmbeddedPostgresServer;
import dev.productingest.server.embedded.EmbeddedRedisServer;
import dev.productingest.server.embedded.EmbeddedStores;
import dev.productingest.server.grpc.GrpcCallMetrics;
import dev.productingest.server.grpc.GrpcHealth;
import dev.productingest.server.grpc.GrpcServer;
import dev.productingest.server.grpc.GrpcServerFactory;
import dev.productingest.server.health.BatchWritesHealthCheck;
import dev.productingest.server.health.GrpcServerHealthCheck;
import dev.productingest.server.health.HeapExhaustionTask;
import dev.productingest.server.health.IngestServing;
import dev.productingest.server.health.OutOfMemoryExit;
import dev.productingest.server.health.RedisHealthCheck;
import dev.productingest.server.health.StopDeadline;
import dev.productingest.server.health.UnsentProgressHealthCheck;
import dev.productingest.server.health.WriterBacklogHealthCheck;
import dev.productingest.server.ingest.IngestConfiguration;
import dev.productingest.server.ingest.SnapshotConfiguration;
import dev.productingest.server.ingest.job.IngestJobs;
import dev.productingest.server.ingest.job.LeaseKeeper;
import dev.productingest.server.ingest.job.SnapshotRetirement;
import dev.productingest.server.ingest.rpc.IngestService;
import dev.productingest.server.ingest.rpc.StreamAdmission;
import dev.productingest.server.ingest.stream.IngestContext;
import dev.productingest.server.ingest.stream.IngestSettings;
import dev.productingest.server.ingest.stream.LoadPermissions;
import dev.productingest.server.ingest.stream.MemoryBudget;
import dev.productingest.server.ingest.write.BatchUpserter;
import dev.productingest.server.ingest.write.WriterQueue;
import dev.productingest.server.ingest.write.WritesInProgress;
import dev.productingest.server.jobs.AbandonedJobs;
import dev.productingest.server.jobs.CommitChannel;
import dev.productingest.server.jobs.CommitListeners;
import dev.productingest.server.jobs.CompletionNotifier;
import dev.productingest.server.jobs.JobEndMeters;
import dev.productingest.server.jobs.JobLog;
import dev.productingest.server.jobs.JobLookup;
import dev.productingest.server.jobs.ProgressJson;
import dev.productingest.server.jobs.ProgressTracker;
import dev.productingest.server.logging.SecretLoggersFilter;
import dev.productingest.server.metrics.BatchLatencyTask;
import dev.productingest.server.metrics.HdrHistogramReservoir;
import dev.productingest.server.redis.RedisFactory;
import dev.productingest.server.redis.RedisKeys;
import dev.productingest.server.resources.AmbiguousPathFilter;
import dev.productingest.server.resources.ApiErrorHandler;
import dev.productingest.server.resources.CachedProductFilter;
import dev.productingest.server.resources.CallerFilter;
import dev.productingest.server.resources.ErrorAnswers;
import dev.productingest.server.resources.JobResource;
import dev.productingest.server.resources.JobsPageResource;
import dev.productingest.server.resources.LiveJobsConfiguration;
import dev.productingest.server.resources.LiveJobsFull;
import dev.productingest.server.resources.LiveJobsResource;
import dev.productingest.server.resources.ProductResource;
import dev.productingest.server.resources.RequestParameters;
import dev.productingest.server.resources.RouteScopes;
import dev.productingest.server.resources.SkuPaths;
import dev.productingest.server.store.CompletionOutbox;
import dev.productingest.server.store.DatabaseUrl;
import dev.productingest.server.store.JobStore;
import dev.productingest.server.store.Migrations;
import dev.productingest.server.store.ProductQueries;
import dev.productingest.server.store.ProductStore;
import dev.productingest.server.store.RejectStore;
import dev.productingest.server.store.Retention;
import dev.productingest.server.store.SessionSettings;
import dev.productingest.server.store.SnapshotStore;
import dev.productingest.v1.ProductIngestGrpc;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.jdbi3.JdbiFactory;
import io.dropwizard.lifecycle.Managed;
import io.prometheus.metrics.exporter.servlet.jakarta.PrometheusMetricsServlet;
import io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports;
import io.prometheus.metrics.instrumentation.dropwizard5.labels.CustomLabelMapper;
import io.prometheus.metrics.instrumentation.dropwizard5.labels.MapperConfig;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.servlet.DispatcherType;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.thread.ShutdownThread;
import org.jdbi.v3.core.Jdbi;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public class ProductIngestApplication extends Application<ProductIngestConfiguration> {
    private static final Logger LOG = LoggerFactory.getLogger(ProductIngestApplication.class);

    // Short of the 2 s beyond grpc.shutdownGrace that a stop may take: the halt and the JVM's exit fit
    // in the rest. A stop that used the whole grace has finished in under half a second more.
    private static final Duration STOP_MARGIN = Duration.ofSeconds(1);

    private static final RequestParameters PAGES = new RequestParameters(100, 1000);

    // Ingest stream callbacks: short, never blocking on the database (job reads have a pool of their own).
    private static final int GRPC_CALL_THREADS = 16;
    private static final int READ_THREADS = 4;
    private static final int READS_WAITING = 1000;

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

    /**
     * The one place that builds the server's objects and connects them, a subsystem at a time: each block uses only
     * what the blocks above it built.
     */
    @Override
    public void run(ProductIngestConfiguration config, Environment environment) throws Exception {
        // Dropwizard has configured logging by now: no level set later (the log-level task) makes the
        // header-printing loggers write credentials.
        SecretLoggersFilter.install();
        OutOfMemoryExit.install();
        ObjectMapper json = environment.getObjectMapper();
        MetricRegistry metrics = environment.metrics();
        if (HeapExhaustionTask.enabled()) {
            environment.admin().addTask(new HeapExhaustionTask());
        }

        // Who may call, and so where the ports may listen: beyond loopback only with a credential.
        Credentials credentials = config.getAuth().build();
        ListenPolicy listen = new ListenPolicy(credentials);
        String grpcHost = listen.host(config.getGrpc().getHost(), "grpc.host (GRPC_HOST)");
        new ConnectorAddresses(listen).bind(config.getServerFactory());
        SkuPaths.allowOnApplicationConnectors(config.getServerFactory());
        // A stopping server lets requests in flight on the HTTP ports (a download of rejects) go on as
        // long as gRPC calls, at the same time (below): Jetty's own stop timeout, 30 s, alone outlasts
        // an orchestrator's grace period.
        if (config.getServerFactory() instanceof AbstractServerFactory http) {
            http.setShutdownGracePeriod(config.getGrpc().getShutdownGrace());
        }
        announce(credentials, listen, config.getGrpc(), grpcHost);

        // PostgreSQL: the truth for products, jobs and rejected rows. Every session carries the limits
        // that keep one whose client vanished from holding locks a resumed load needs.
        SessionSettings sessions = config.getDatabaseSessions().settings();
        connect(config, environment, sessions);
        sessions.addTo(config.getDatabase().getProperties());
        Migrations.apply(config.getDatabase(), sessions);
        Jdbi jdbi = new JdbiFactory().build(environment, config.getDatabase(), "postgresql");
        JobStore jobs = new JobStore(jdbi, config.getIngest().getLease().toJavaDuration());
        RejectStore rejects = new RejectStore(jdbi);
        ProductQueries products = new ProductQueries(jdbi, json);
        Retention retention = new Retention(
                jdbi,
                config.getRetention().getJobs().toJavaDuration(),
                config.getRetention().getTombstones().toJavaDuration());
        long retentionEvery = config.getRetention().getInterval().toMilliseconds();
        ScheduledExecutorService sweeps = environment
                .lifecycle()
                .scheduledExecutorService("retention")
                .threads(1)
                .build();
        sweeps.scheduleWithFixedDelay(retention::sweep, retentionEvery, retentionEvery, TimeUnit.MILLISECONDS);

        // Redis: job progress every server shares, and the commit events that keep near caches fresh.
        RedisFactory redisConfig = config.getRedis();
        RedisKeys keys = redisConfig.keys();
        RedissonClient redis = redis(redisConfig, environment);
        environment.healthChecks().register("redis", new RedisHealthCheck(redis, keys));

        // Jobs: progress, lookups, and the event each finished job sends.
        ProgressJson progressJson = new ProgressJson(json);
        CommitChannel commits = new CommitChannel(redis, progressJson, keys).subscribe();
        ProgressTracker progress = new ProgressTracker(
                redis, commits, progressJson, keys, config.getProgress().settings(), metrics);
        environment
                .healthChecks()
                .register(
                        "progress-redis",
                        new UnsentProgressHealthCheck(
                                progress, config.getProgress().getUnsentLimit().toJavaDuration()));
        ScheduledExecutorService retries = environment
                .lifecycle()
                .scheduledExecutorService("redis-retry")
                .threads(1)
                .build();
        progress.retryUnsent(retries, Duration.ofSeconds(2));
        // Completion events owed by finished jobs, delivered by whichever server is alive.
        ScheduledExecutorService events = environment
                .lifecycle()
                .scheduledExecutorService("completion-events")
                .threads(1)
                .build();
        CompletionNotifier completions = new CompletionNotifier(
                        redis,
                        progressJson,
                        keys,
                        new CompletionOutbox(jdbi),
                        config.getProgress().webhook(),
                        events,
                        metrics)
                .start();
        JobLookup lookup = new JobLookup(progress, jobs);

        // Read caches, refreshed by the commits of every server.
        CacheConfiguration caches = config.getCache();
        ProductCache productCache = new ProductCache(
                        products,
                        json,
                        caches.getProductEntries(),
                        caches.getProductTtl().toJavaDuration(),
                        metrics)
                .listenTo(commits);
        StatsCache stats =
                new StatsCache(products, json, redis, keys, caches.getStatsTtl().toJavaDuration(), metrics);

        // Ingest, over gRPC.
        CommitListeners committed = new CommitListeners(
                List.of(productCache, progress, stats, completions, new JobEndMeters(metrics), new JobLog()));
        // Jobs no producer came back to end as FAILED, announced as every end is, on the retention's thread.
        AbandonedJobs abandoned = new AbandonedJobs(
                jobs, new SnapshotStore(jdbi), committed, config.getRetention().getAbandonAfter());
        sweeps.scheduleWithFixedDelay(abandoned::sweep, retentionEvery, retentionEvery, TimeUnit.MILLISECONDS);
        // Stopped before their thread's executor (managed objects stop in reverse order): a sweep in
        // progress ends after its statement, where Dropwizard would wait 5 s for it and then leave it
        // running against a closed pool.
        environment.lifecycle().manage(new Managed() {
            @Override
            public void stop() {
                retention.stop();
                abandoned.stop();
            }
        });
        IngestService ingest = ingest(config, environment, jdbi, jobs, rejects, committed, lookup, commits);
        ExecutorService callbacks = environment
                .lifecycle()
                .executorService("grpc-call-%d")
                .minThreads(GRPC_CALL_THREADS)
                .maxThreads(GRPC_CALL_THREADS)
                .workQueue(new LinkedBlockingQueue<>())
                .build();
        GrpcHealth grpcHealth = new GrpcHealth(
                List.of(ProductIngestGrpc.SERVICE_NAME), config.getGrpc().getMaxHealthWatches());
        grpcServer = new GrpcServer(
                config.getGrpc().settings(grpcHost),
                credentials,
                callbacks,
                ingest::endCalls,
                grpcHealth,
                new GrpcCallMetrics(metrics),
                ingest.definition());
        environment.lifecycle().manage(grpcServer);
        // Jetty stops its ports first, then the managed objects: the gRPC server begins its own stop
        // with Jetty's, so that both ports' calls have the grace at once, not one after the other. A
        // stop the JVM exits for (SIGTERM: Jetty's shutdown hook runs it) ends within the grace and
        // 2 s, whatever a library's stop waits for.
        GrpcServer stopping = grpcServer;
        Duration stopWithin =
                config.getGrpc().getShutdownGrace().toJavaDuration().plus(STOP_MARGIN);
        environment.lifecycle().addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStopping(LifeCycle event) {
                if (event instanceof Server) {
                    if (Thread.currentThread() instanceof ShutdownThread) {
                        StopDeadline.arm(stopWithin, Thread.currentThread());
                    }
                    stopping.beginStop();
                }
            }
        });
        environment.healthChecks().register("grpc", new GrpcServerHealthCheck(grpcServer));
        // grpc.health.v1 follows the same checks, every 2 s.
        // Without Redis ingest goes on: a Redis outage must not take every server out of rotation at once.
        IngestServing serving = new IngestServing(environment.healthChecks(), Set.of("redis", "progress-redis"));
        environment
                .lifecycle()
                .scheduledExecutorService("grpc-health")
                .threads(1)
                .build()
                .scheduleWithFixedDelay(() -> grpcHealth.update(serving.check()), 0, 2, TimeUnit.SECONDS);

        // logback-access prints its own start-up status to stdout unless quiet: a version check that
        // finds no versions in the runnable jar, lines of warnings at every start, in no log format.
        environment.lifecycle().addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStarting(LifeCycle event) {
                if (event instanceof Server server && server.getRequestLog() instanceof RequestLogImpl requestLog) {
                    requestLog.setQuiet(true);
                }
            }
        });

        // Prometheus: the same registry in the text exposition format, and the JVM's own metrics.
        PrometheusRegistry prometheus = new PrometheusRegistry();
        DropwizardExports.builder()
                .dropwizardRegistry(metrics)
                .customLabelMapper(new CustomLabelMapper(prometheusLabels()))
                .register(prometheus);
        JvmMetrics.builder().register(prometheus);
        environment
                .admin()
                .addServlet("prometheus", new PrometheusMetricsServlet(prometheus))
                .addMapping("/metrics/prometheus");

        // REST: every request's caller named and its route's scope checked. A SKU's encoded '/', '%',
        // '\' or dot segment reaches /products/{sku} alone: the connectors take them (SkuPaths), the
        // filter refuses them on every other path, and the servlet layer, which would refuse to name
        // the servlet path of such a URI, hands it to Jersey, which reads the SKU from the raw path.
        // What the application port answers before Jersey (a URI Jetty refuses, a stopping server)
        // is JSON too; the admin port keeps its pages.
        environment.getApplicationContext().getServletHandler().setDecodeAmbiguousURIs(true);
        environment
                .servlets()
                .addFilter("ambiguous-paths", new AmbiguousPathFilter(json))
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
        // A cached product is answered before Jersey, for whom Jersey would answer it alike.
        if (caches.isProductHitsBeforeJersey()) {
            environment
                    .servlets()
                    .addFilter(
                            "cached-products",
                            new CachedProductFilter(
                                    productCache,
                                    credentials,
                                    config.getHttp().isPublicReads(),
                                    CachedProductFilter.jerseyRoot(jerseyUrlPattern(config, environment)),
                                    metrics))
                    .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/*");
        }
        environment.lifecycle().addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStarting(LifeCycle event) {
                if (event instanceof Server server) {
                    ApiErrorHandler errors = new ApiErrorHandler(json, server.getErrorHandler());
                    server.setErrorHandler(errors);
                    environment.getApplicationContext().setErrorHandler(errors);
                }
            }
        });
        environment.jersey().register(new CallerFilter(credentials));
        environment.jersey().register(new RouteScopes(config.getHttp().isPublicReads()));
        environment.jersey().register(new ErrorAnswers());
        environment.jersey().register(new JobResource(lookup, rejects, PAGES));
        environment.jersey().register(new ProductResource(json, productCache, products, stats, PAGES));
        // The live feed: one timer for every viewer, and a thread each to send on, so none waits for another.
        LiveJobsConfiguration live = config.getLiveJobs();
        ExecutorService liveSends = environment
                .lifecycle()
                .executorService("live-jobs-send-%d")
                .minThreads(live.getMaxViewers())
                .maxThreads(live.getMaxViewers())
                .workQueue(new LinkedBlockingQueue<>())
                .build();
        // Started now: a pool below its size starts a thread for every task, so its threads crept up
        // send by send to maxViewers under any number of viewers (the soak, perf/RESULTS.md).
        if (liveSends instanceof ThreadPoolExecutor pool) {
            pool.prestartAllCoreThreads();
        }
        LiveJobsResource liveJobs = new LiveJobsResource(
                commits,
                environment
                        .lifecycle()
                        .scheduledExecutorService("live-jobs")
                        .threads(1)
                        .removeOnCancelPolicy(true)
                        .build(),
                liveSends,
                live.getMaxViewers(),
                live.getSendTimeout().toJavaDuration());
        environment.jersey().register(liveJobs);
        environment.jersey().register(new LiveJobsFull.Mapper());
        metrics.gauge(MetricRegistry.name("live", "jobs", "viewers"), () -> liveJobs::viewers);
        environment.lifecycle().addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStopping(LifeCycle event) {
                if (event instanceof Server) {
                    liveJobs.endAll();
                }
            }
        });
        environment.jersey().register(new JobsPageResource());
    }

    /** Where Jersey will serve: Dropwizard sets its URL pattern from {@code server.rootPath} only after run(). */
    private static String jerseyUrlPattern(ProductIngestConfiguration config, Environment environment) {
        return config.getServerFactory() instanceof AbstractServerFactory server
                ? server.getJerseyRootPath().orElse(environment.jersey().getUrlPattern())
                : environment.jersey().getUrlPattern();
    }

    /** Metrics whose name parts are labels in the Prometheus exposition: gRPC calls, and jobs by owner. */
    private static List<MapperConfig> prometheusLabels() {
        List<MapperConfig> labels = new ArrayList<>(GrpcCallMetrics.PROMETHEUS);
        labels.addAll(JobEndMeters.PROMETHEUS);
        return labels;
    }

    /** One line at every start saying who may call and from where, and a warning when anyone may. */
    private static void announce(
            Credentials credentials, ListenPolicy listen, GrpcServerFactory grpc, String grpcHost) {
        if (credentials.namesCertificates()
                && grpc.getTls().getClientTrustStore().isBlank()) {
            throw new IllegalStateException("auth.credentials names a certificateSubject, but grpc.tls.clientTrustStore"
                    + " (GRPC_TLS_CLIENT_TRUSTSTORE) is empty: no client certificate could ever be verified");
        }
        if (!credentials.isEmpty()
                && !grpc.getTls().isEnabled()
                && (grpcHost == null || !ListenPolicy.isLoopback(grpcHost))) {
            LOG.warn(
                    "the gRPC port listens beyond loopback without TLS: bearer tokens cross the network in plaintext; set"
                            + " GRPC_TLS_KEYSTORE (docs/security.md)");
        }
        if (listen.loopbackOnly()) {
            LOG.info(
                    "no credential is configured: the gRPC and application ports listen on loopback ({}) only; to serve other"
                            + " hosts, set INGEST_TOKEN, READ_TOKEN, ADMIN_TOKEN or auth.credentials (docs/security.md)",
                    ListenPolicy.LOOPBACK);
        }
        if (credentials.anonymousAllowedExplicitly()) {
            LOG.warn(
                    "auth.allowAnonymous is true: anyone who reaches the gRPC or application port may load and read without a"
                            + " credential (never admin)");
        }
    }

    /** Points the data source at DATABASE_URL, or at an embedded PostgreSQL when there is none. */
    private static void connect(ProductIngestConfiguration config, Environment environment, SessionSettings sessions)
            throws Exception {
        DataSourceFactory database = config.getDatabase();
        if (EmbeddedStores.requestedBy(database.getUrl())) {
            EmbeddedPostgresServer embedded = EmbeddedPostgresServer.start(
                    Path.of(config.getEmbeddedPostgres().getDataDirectory()), sessions.properties());
            environment.lifecycle().manage(embedded);
            database.setUrl(embedded.address("postgres"));
            database.setUser(embedded.user());
            database.setPassword(embedded.password());
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

    /** A Redisson client, shut down with the application, over the configured Redis or an embedded one. */
    private static RedissonClient redis(RedisFactory config, Environment environment) throws Exception {
        String address = config.getUrl().strip();
        if (EmbeddedStores.requestedBy(address)) {
            EmbeddedRedisServer embedded = EmbeddedRedisServer.start(Path.of(config.getEmbeddedDataDirectory()));
            environment.lifecycle().manage(embedded);
            address = embedded.url();
        }
        RedissonClient client = Redisson.create(config.config(address));
        environment.lifecycle().manage(new Managed() {
            @Override
            public void stop() {
                client.shutdown();
            }
        });
        return client;
    }

    /**
     * The ingest service: its writer pool, timer, event and read threads, memory budget, admission, health check and
     * gauges. The listeners hear of every commit; the lookup answers GetJob, the commit channel WatchJob.
     */
    private static IngestService ingest(
            ProductIngestConfiguration configuration,
            Environment environment,
            Jdbi jdbi,
            JobStore jobs,
            RejectStore rejects,
            CommitListeners committed,
            JobLookup lookup,
            CommitChannel commits) {
        IngestConfiguration config = configuration.getIngest();
        IngestSettings settings = config.settings();
        SnapshotStore snapshots = new SnapshotStore(jdbi);
        MetricRegistry metrics = environment.metrics();
        HdrHistogramReservoir latencies = new HdrHistogramReservoir();
        environment.admin().addTask(new BatchLatencyTask(latencies));
        BatchUpserter upserter = new BatchUpserter(
                jdbi,
                new ProductStore(environment.getObjectMapper()),
                rejects,
                jobs,
                snapshots,
                committed,
                metrics,
                latencies);

        WritesInProgress writing = new WritesInProgress(upserter);
        WriterQueue backlog = new WriterQueue(metrics.timer(MetricRegistry.name("ingest", "writer", "wait")));
        Executor writers = backlog.stamped(environment
                .lifecycle()
                .executorService("ingest-writer-%d")
                .minThreads(config.getWriterThreads())
                .maxThreads(config.getWriterThreads())
                .workQueue(backlog.queue())
                .build());
        // Every message a stream asks for arms an idle timer that its arrival cancels: cancelled timers
        // leave the queue at once, or a busy server would keep a minute's worth of them.
        ScheduledExecutorService timer = environment
                .lifecycle()
                .scheduledExecutorService("ingest-timer")
                .threads(1)
                .removeOnCancelPolicy(true)
                .build();
        // Job reads (GetJob, CancelJob, WatchJob, ListRejects), off the gRPC callback threads the
        // streams use, off Redisson's event loop and off the writers; a full queue refuses reads
        // (RESOURCE_EXHAUSTED) rather than letting readers pile up.
        ExecutorService reads = environment
                .lifecycle()
                .executorService("job-reads-%d")
                .minThreads(READ_THREADS)
                .maxThreads(READ_THREADS)
                .workQueue(new ArrayBlockingQueue<>(READS_WAITING))
                .rejectedExecutionHandler(new ThreadPoolExecutor.AbortPolicy())
                .build();
        // A stream's own events (a batch written, room granted) run here: short, never blocking on
        // the database, and never on the thread of the step that caused them.
        ExecutorService events = environment
                .lifecycle()
                .executorService("ingest-events-%d")
                .minThreads(1)
                .maxThreads(1)
                .workQueue(new LinkedBlockingQueue<>())
                .build();
        LeaseKeeper leases = new LeaseKeeper(jobs);
        leases.start(timer, config.getLease().toJavaDuration());

        MemoryBudget memory = new MemoryBudget(config.memoryBudgetBytes(), config.getMaxStreams(), events);
        LOG.info(
                "ingest memory budget: {} MiB of heap for the rows of all streams together ({})",
                config.memoryBudgetBytes() >> 20,
                config.memoryBudgetSource());
        StreamAdmission admission = new StreamAdmission(config.getMaxStreams(), config.getMaxStreamsPerClient());

        environment
                .healthChecks()
                .register(
                        "writer-backlog",
                        new WriterBacklogHealthCheck(
                                backlog, config.getWriterWaitLimit().toJavaDuration()));
        environment
                .healthChecks()
                .register(
                        "batch-writes",
                        new BatchWritesHealthCheck(
                                writing, config.getBatchWriteLimit().toJavaDuration()));
        metrics.gauge(MetricRegistry.name("ingest", "streams", "live"), () -> leases::liveStreams);
        metrics.gauge(MetricRegistry.name("ingest", "streams", "admitted"), () -> admission::liveStreams);
        metrics.gauge(MetricRegistry.name("ingest", "streams", "waiting-for-memory"), () -> memory::waiting);
        metrics.gauge(MetricRegistry.name("ingest", "memory", "used-bytes"), () -> memory::used);
        metrics.gauge(MetricRegistry.name("ingest", "memory", "budget-bytes"), () -> memory::capacity);
        metrics.gauge(MetricRegistry.name("ingest", "writer", "backlog"), () -> backlog::size);

        SnapshotConfiguration snapshot = configuration.getSnapshot();
        SnapshotRetirement retirement =
                new SnapshotRetirement(snapshots, committed, snapshot.getMaxRetiredShare(), snapshot.getRetireBatch());
        IngestJobs ingestJobs = new IngestJobs(
                jobs,
                rejects,
                snapshots,
                retirement,
                settings.instanceId(),
                settings.summaryRejects(),
                lookup,
                committed,
                leases);
        Meter rows = metrics.meter(MetricRegistry.name("ingest", "rows", "received"));
        Meter bytes = metrics.meter(MetricRegistry.name("ingest", "bytes", "received"));
        LoadPermissions permissions = new LoadPermissions(snapshot.getMaxRetiredShare());
        AuthFactory auth = configuration.getAuth();
        IngestContext context = new IngestContext(
                settings,
                permissions,
                config.futureBound(Clock.systemUTC()),
                ingestJobs,
                writing,
                writers,
                timer,
                events,
                reads,
                memory,
                rows,
                bytes);
        return new IngestService(
                context,
                ingestJobs,
                rejects,
                commits,
                admission,
                new IngestService.CallerLimits(auth.getWatchesPerCredential(), auth.getRejectListingsPerCredential()));
    }

    /** The port the gRPC server listens on, once the application runs. */
    public int grpcPort() {
        return grpcServer.port();
    }
}
