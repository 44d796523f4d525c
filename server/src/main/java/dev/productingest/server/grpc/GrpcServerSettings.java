package dev.productingest.server.grpc;

import io.netty.handler.ssl.SslContext;
import java.time.Duration;

/** What the gRPC server is built from. {@code host} null: every interface; {@code tls} null: plaintext. */
public record GrpcServerSettings(
        String host,
        int port,
        int maxInboundMessageBytes,
        Duration shutdownGrace,
        int flowControlWindowBytes,
        Duration keepAliveTime,
        Duration keepAliveTimeout,
        Duration permitKeepAliveTime,
        Duration maxConnectionIdle,
        Duration maxConnectionAge,
        Duration maxConnectionAgeGrace,
        SslContext tls,
        boolean reflection,
        int maxConcurrentCallsPerConnection) {}
