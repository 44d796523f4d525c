package dev.productingest.server.grpc;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.DataSizeUnit;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDataSize;
import io.dropwizard.validation.MinDataSize;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** The gRPC server's address and limits. */
public class GrpcServerFactory {
    @Min(0)
    @Max(65535)
    private int port = 50051;

    @Min(1024)
    private int maxInboundMessageBytes = 4 * 1024 * 1024;

    /** Calls one connection may have open at once; a client's further calls wait for one to end. */
    @Min(1)
    private int maxConcurrentCallsPerConnection = 128;

    /** Health Watch calls open at once on the server, whoever makes them; further ones are refused. */
    @Min(1)
    private int maxHealthWatches = 1000;

    /** How long calls in progress get to finish when the server stops, before they are cancelled. */
    @NotNull
    private Duration shutdownGrace = Duration.seconds(10);

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

    /** The address to listen on; empty: loopback without a credential, every interface with one (auth.ListenPolicy). */
    private String host = "";

    @Valid
    @NotNull
    private TlsFactory tls = new TlsFactory();

    // Server reflection, so grpcurl and other tools can list and call the services without the .proto.
    private boolean reflection = true;

    @JsonProperty
    public boolean isReflection() {
        return reflection;
    }

    @JsonProperty
    public void setReflection(boolean reflection) {
        this.reflection = reflection;
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
    public int getMaxConcurrentCallsPerConnection() {
        return maxConcurrentCallsPerConnection;
    }

    @JsonProperty
    public void setMaxConcurrentCallsPerConnection(int maxConcurrentCallsPerConnection) {
        this.maxConcurrentCallsPerConnection = maxConcurrentCallsPerConnection;
    }

    @JsonProperty
    public int getMaxHealthWatches() {
        return maxHealthWatches;
    }

    @JsonProperty
    public void setMaxHealthWatches(int maxHealthWatches) {
        this.maxHealthWatches = maxHealthWatches;
    }

    @JsonProperty
    public Duration getShutdownGrace() {
        return shutdownGrace;
    }

    @JsonProperty
    public void setShutdownGrace(Duration shutdownGrace) {
        this.shutdownGrace = shutdownGrace;
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
    public String getHost() {
        return host;
    }

    @JsonProperty
    public void setHost(String host) {
        this.host = host == null ? "" : host;
    }

    @JsonProperty
    public TlsFactory getTls() {
        return tls;
    }

    @JsonProperty
    public void setTls(TlsFactory tls) {
        this.tls = tls;
    }

    /**
     * The server's settings, with the TLS key store read now: a bad one stops the server from starting.
     *
     * @param bindHost the address to listen on, null for every interface
     */
    public GrpcServerSettings settings(String bindHost) {
        if (!tls.isEnabled() && !tls.getClientTrustStore().isBlank()) {
            throw new IllegalStateException(
                    "grpc.tls.clientTrustStore is set but grpc.tls.keyStore is not: mutual TLS needs the"
                            + " server's own TLS first (GRPC_TLS_KEYSTORE)");
        }
        return new GrpcServerSettings(
                bindHost,
                port,
                maxInboundMessageBytes,
                shutdownGrace.toJavaDuration(),
                (int) flowControlWindow.toBytes(),
                keepAliveTime.toJavaDuration(),
                keepAliveTimeout.toJavaDuration(),
                permitKeepAliveTime.toJavaDuration(),
                maxConnectionIdle.toJavaDuration(),
                maxConnectionAge.toJavaDuration(),
                maxConnectionAgeGrace.toJavaDuration(),
                tls.isEnabled() ? tls.serverContext() : null,
                reflection,
                maxConcurrentCallsPerConnection);
    }
}
