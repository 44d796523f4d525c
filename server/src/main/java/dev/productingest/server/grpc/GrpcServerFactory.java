package dev.productingest.server.grpc;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.DataSizeUnit;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDataSize;
import io.dropwizard.validation.MinDataSize;
import io.grpc.ServerServiceDefinition;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;

/** The gRPC server's address and limits. */
public class GrpcServerFactory {
    @Min(0)
    @Max(65535)
    private int port = 50051;

    @Min(1024)
    private int maxInboundMessageBytes = 4 * 1024 * 1024;

    @Min(0)
    private long shutdownGraceSeconds = 10;

    @NotNull
    @MinDataSize(64 * 1024)
    @MaxDataSize(value = 1, unit = DataSizeUnit.GIBIBYTES)
    private DataSize flowControlWindow = DataSize.mebibytes(1);

    @NotNull
    private Duration keepAliveTime = Duration.seconds(30);

    @NotNull
    private Duration keepAliveTimeout = Duration.seconds(10);

    /** Clients may ping this often (the SDK pings every 30 s); more often gets their connection closed. */
    @NotNull
    private Duration permitKeepAliveTime = Duration.seconds(20);

    @NotNull
    private Duration maxConnectionIdle = Duration.minutes(10);

    @NotNull
    private Duration maxConnectionAge = Duration.hours(1);

    @NotNull
    private Duration maxConnectionAgeGrace = Duration.minutes(10);

    /** When set, every call must carry it as {@code authorization: Bearer <token>}. */
    private String bearerToken = "";

    @Valid
    @NotNull
    private TlsFactory tls = new TlsFactory();

    /** The server for these services, started and stopped with the application. */
    public GrpcServer build(Environment environment, ServerServiceDefinition... services) {
        // Fixed: job reads (GetJob, WatchJob, ListRejects) block on PostgreSQL in these threads.
        ExecutorService callbacks = environment.lifecycle().executorService("grpc-call-%d")
                .minThreads(16).maxThreads(16).workQueue(new LinkedBlockingQueue<>()).build();
        GrpcServer server = new GrpcServer(this, callbacks, services);
        environment.lifecycle().manage(server);
        return server;
    }

    @JsonProperty
    public int getPort() {
        return port;
    }

    @JsonProperty
    public void setPort(int port) {
        this.port = port;
    }

    @JsonProperty
    public int getMaxInboundMessageBytes() {
        return maxInboundMessageBytes;
    }

    @JsonProperty
    public void setMaxInboundMessageBytes(int maxInboundMessageBytes) {
        this.maxInboundMessageBytes = maxInboundMessageBytes;
    }

    @JsonProperty
    public long getShutdownGraceSeconds() {
        return shutdownGraceSeconds;
    }

    @JsonProperty
    public void setShutdownGraceSeconds(long shutdownGraceSeconds) {
        this.shutdownGraceSeconds = shutdownGraceSeconds;
    }

    @JsonProperty
    public DataSize getFlowControlWindow() {
        return flowControlWindow;
    }

    @JsonProperty
    public void setFlowControlWindow(DataSize flowControlWindow) {
        this.flowControlWindow = flowControlWindow;
    }

    @JsonProperty
    public Duration getKeepAliveTime() {
        return keepAliveTime;
    }

    @JsonProperty
    public void setKeepAliveTime(Duration keepAliveTime) {
        this.keepAliveTime = keepAliveTime;
    }

    @JsonProperty
    public Duration getKeepAliveTimeout() {
        return keepAliveTimeout;
    }

    @JsonProperty
    public void setKeepAliveTimeout(Duration keepAliveTimeout) {
        this.keepAliveTimeout = keepAliveTimeout;
    }

    @JsonProperty
    public Duration getPermitKeepAliveTime() {
        return permitKeepAliveTime;
    }

    @JsonProperty
    public void setPermitKeepAliveTime(Duration permitKeepAliveTime) {
        this.permitKeepAliveTime = permitKeepAliveTime;
    }

    @JsonProperty
    public Duration getMaxConnectionIdle() {
        return maxConnectionIdle;
    }

    @JsonProperty
    public void setMaxConnectionIdle(Duration maxConnectionIdle) {
        this.maxConnectionIdle = maxConnectionIdle;
    }

    @JsonProperty
    public Duration getMaxConnectionAge() {
        return maxConnectionAge;
    }

    @JsonProperty
    public void setMaxConnectionAge(Duration maxConnectionAge) {
        this.maxConnectionAge = maxConnectionAge;
    }

    @JsonProperty
    public Duration getMaxConnectionAgeGrace() {
        return maxConnectionAgeGrace;
    }

    @JsonProperty
    public void setMaxConnectionAgeGrace(Duration maxConnectionAgeGrace) {
        this.maxConnectionAgeGrace = maxConnectionAgeGrace;
    }

    @JsonProperty
    public String getBearerToken() {
        return bearerToken;
    }

    @JsonProperty
    public void setBearerToken(String bearerToken) {
        this.bearerToken = bearerToken;
    }

    @JsonProperty
    public TlsFactory getTls() {
        return tls;
    }

    @JsonProperty
    public void setTls(TlsFactory tls) {
        this.tls = tls;
    }
}
