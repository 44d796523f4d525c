package dev.productingest.server.grpc;

import io.netty.handler.ssl.SslContext;
import java.time.Duration;

/**
 * What the gRPC server is built from. {@code bearerToken} null: calls are not checked;
 * {@code tls} null: plaintext.
 */
public record GrpcServerSettings(int port, int maxInboundMessageBytes, Duration shutdownGrace, int flowControlWindowBytes,
        Duration keepAliveTime, Duration keepAliveTimeout, Duration permitKeepAliveTime, Duration maxConnectionIdle,
        Duration maxConnectionAge, Duration maxConnectionAgeGrace, String bearerToken, SslContext tls, boolean reflection,
        int maxConcurrentCallsPerConnection) {
}
