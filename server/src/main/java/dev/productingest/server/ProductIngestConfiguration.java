package dev.productingest.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.productingest.server.auth.AuthFactory;
import dev.productingest.server.cache.CacheFactory;
import dev.productingest.server.embedded.EmbeddedPostgresFactory;
import dev.productingest.server.grpc.GrpcServerFactory;
import dev.productingest.server.ingest.IngestFactory;
import dev.productingest.server.ingest.SnapshotFactory;
import dev.productingest.server.jobs.ProgressFactory;
import dev.productingest.server.redis.RedisFactory;
import dev.productingest.server.resources.LiveJobsFactory;
import dev.productingest.server.resources.ReadAccessFactory;
import dev.productingest.server.store.DatabaseSessionsFactory;
import dev.productingest.server.store.RetentionFactory;
import io.dropwizard.core.Configuration;
import io.dropwizard.db.DataSourceFactory;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

public class ProductIngestConfiguration extends Configuration {
    @Valid
    @NotNull
    private DataSourceFactory database = new DataSourceFactory();

    @Valid
    @NotNull
    private DatabaseSessionsFactory databaseSessions = new DatabaseSessionsFactory();

    @Valid
    @NotNull
    private EmbeddedPostgresFactory embeddedPostgres = new EmbeddedPostgresFactory();

    @Valid
    @NotNull
    private GrpcServerFactory grpc = new GrpcServerFactory();

    @Valid
    @NotNull
    private IngestFactory ingest = new IngestFactory();

    @Valid
    @NotNull
    private RedisFactory redis = new RedisFactory();

    @Valid
    @NotNull
    private ProgressFactory progress = new ProgressFactory();

    @Valid
    @NotNull
    private CacheFactory cache = new CacheFactory();

    @Valid
    @NotNull
    private RetentionFactory retention = new RetentionFactory();

    @Valid
    @NotNull
    private SnapshotFactory snapshot = new SnapshotFactory();

    @Valid
    @NotNull
    private ReadAccessFactory http = new ReadAccessFactory();

    @Valid
    @NotNull
    private LiveJobsFactory liveJobs = new LiveJobsFactory();

    @JsonProperty
    public LiveJobsFactory getLiveJobs() {
        return liveJobs;
    }

    @JsonProperty
    public void setLiveJobs(LiveJobsFactory liveJobs) {
        this.liveJobs = liveJobs;
    }

    @Valid
    @NotNull
    private AuthFactory auth = new AuthFactory();

    @JsonProperty
    public AuthFactory getAuth() {
        return auth;
    }

    @JsonProperty
    public void setAuth(AuthFactory auth) {
        this.auth = auth;
    }

    @JsonProperty
    public ReadAccessFactory getHttp() {
        return http;
    }

    @JsonProperty
    public void setHttp(ReadAccessFactory http) {
        this.http = http;
    }

    @JsonProperty
    public DataSourceFactory getDatabase() {
        return database;
    }

    @JsonProperty
    public void setDatabase(DataSourceFactory database) {
        this.database = database;
    }

    @JsonProperty
    public DatabaseSessionsFactory getDatabaseSessions() {
        return databaseSessions;
    }

    @JsonProperty
    public void setDatabaseSessions(DatabaseSessionsFactory databaseSessions) {
        this.databaseSessions = databaseSessions;
    }

    @JsonProperty
    public EmbeddedPostgresFactory getEmbeddedPostgres() {
        return embeddedPostgres;
    }

    @JsonProperty
    public void setEmbeddedPostgres(EmbeddedPostgresFactory embeddedPostgres) {
        this.embeddedPostgres = embeddedPostgres;
    }

    @JsonProperty
    public GrpcServerFactory getGrpc() {
        return grpc;
    }

    @JsonProperty
    public void setGrpc(GrpcServerFactory grpc) {
        this.grpc = grpc;
    }

    @JsonProperty
    public IngestFactory getIngest() {
        return ingest;
    }

    @JsonProperty
    public void setIngest(IngestFactory ingest) {
        this.ingest = ingest;
    }

    @JsonProperty
    public RedisFactory getRedis() {
        return redis;
    }

    @JsonProperty
    public void setRedis(RedisFactory redis) {
        this.redis = redis;
    }

    @JsonProperty
    public ProgressFactory getProgress() {
        return progress;
    }

    @JsonProperty
    public void setProgress(ProgressFactory progress) {
        this.progress = progress;
    }

    @JsonProperty
    public RetentionFactory getRetention() {
        return retention;
    }

    @JsonProperty
    public void setRetention(RetentionFactory retention) {
        this.retention = retention;
    }

    @JsonProperty
    public SnapshotFactory getSnapshot() {
        return snapshot;
    }

    @JsonProperty
    public void setSnapshot(SnapshotFactory snapshot) {
        this.snapshot = snapshot;
    }

    @JsonProperty
    public CacheFactory getCache() {
        return cache;
    }

    @JsonProperty
    public void setCache(CacheFactory cache) {
        this.cache = cache;
    }
}
