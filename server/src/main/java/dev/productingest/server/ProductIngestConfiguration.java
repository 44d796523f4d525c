package dev.productingest.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.productingest.server.auth.AuthFactory;
import dev.productingest.server.cache.CacheConfiguration;
import dev.productingest.server.embedded.EmbeddedPostgresConfiguration;
import dev.productingest.server.grpc.GrpcServerFactory;
import dev.productingest.server.ingest.IngestConfiguration;
import dev.productingest.server.ingest.SnapshotConfiguration;
import dev.productingest.server.jobs.ProgressConfiguration;
import dev.productingest.server.redis.RedisFactory;
import dev.productingest.server.resources.LiveJobsConfiguration;
import dev.productingest.server.resources.ReadAccessConfiguration;
import dev.productingest.server.store.DatabaseSessionsConfiguration;
import dev.productingest.server.store.RetentionConfiguration;
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
    private DatabaseSessionsConfiguration databaseSessions = new DatabaseSessionsConfiguration();

    @Valid
    @NotNull
    private EmbeddedPostgresConfiguration embeddedPostgres = new EmbeddedPostgresConfiguration();

    @Valid
    @NotNull
    private GrpcServerFactory grpc = new GrpcServerFactory();

    @Valid
    @NotNull
    private IngestConfiguration ingest = new IngestConfiguration();

    @Valid
    @NotNull
    private RedisFactory redis = new RedisFactory();

    @Valid
    @NotNull
    private ProgressConfiguration progress = new ProgressConfiguration();

    @Valid
    @NotNull
    private CacheConfiguration cache = new CacheConfiguration();

    @Valid
    @NotNull
    private RetentionConfiguration retention = new RetentionConfiguration();

    @Valid
    @NotNull
    private SnapshotConfiguration snapshot = new SnapshotConfiguration();

    @Valid
    @NotNull
    private ReadAccessConfiguration http = new ReadAccessConfiguration();

    @Valid
    @NotNull
    private LiveJobsConfiguration liveJobs = new LiveJobsConfiguration();

    @JsonProperty
    public LiveJobsConfiguration getLiveJobs() {
        return liveJobs;
    }

    @JsonProperty
    public void setLiveJobs(LiveJobsConfiguration liveJobs) {
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
    public ReadAccessConfiguration getHttp() {
        return http;
    }

    @JsonProperty
    public void setHttp(ReadAccessConfiguration http) {
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
    public DatabaseSessionsConfiguration getDatabaseSessions() {
        return databaseSessions;
    }

    @JsonProperty
    public void setDatabaseSessions(DatabaseSessionsConfiguration databaseSessions) {
        this.databaseSessions = databaseSessions;
    }

    @JsonProperty
    public EmbeddedPostgresConfiguration getEmbeddedPostgres() {
        return embeddedPostgres;
    }

    @JsonProperty
    public void setEmbeddedPostgres(EmbeddedPostgresConfiguration embeddedPostgres) {
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
    public IngestConfiguration getIngest() {
        return ingest;
    }

    @JsonProperty
    public void setIngest(IngestConfiguration ingest) {
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
    public ProgressConfiguration getProgress() {
        return progress;
    }

    @JsonProperty
    public void setProgress(ProgressConfiguration progress) {
        this.progress = progress;
    }

    @JsonProperty
    public RetentionConfiguration getRetention() {
        return retention;
    }

    @JsonProperty
    public void setRetention(RetentionConfiguration retention) {
        this.retention = retention;
    }

    @JsonProperty
    public SnapshotConfiguration getSnapshot() {
        return snapshot;
    }

    @JsonProperty
    public void setSnapshot(SnapshotConfiguration snapshot) {
        this.snapshot = snapshot;
    }

    @JsonProperty
    public CacheConfiguration getCache() {
        return cache;
    }

    @JsonProperty
    public void setCache(CacheConfiguration cache) {
        this.cache = cache;
    }
}
