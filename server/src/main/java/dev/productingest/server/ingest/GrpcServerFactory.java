package dev.productingest.server.ingest;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.setup.Environment;
import io.grpc.BindableService;
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
    private int maxInboundMessageBytes = 16 * 1024 * 1024;

    @Min(0)
    private long shutdownGraceSeconds = 10;

    /** When set, every call must carry it as {@code authorization: Bearer <token>}. */
    private String bearerToken = "";

    @Valid
    @NotNull
    private TlsFactory tls = new TlsFactory();

    /** The server for these services, started and stopped with the application. */
    public GrpcServer build(Environment environment, BindableService... services) {
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
