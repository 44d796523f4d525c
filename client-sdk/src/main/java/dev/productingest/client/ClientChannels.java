package dev.productingest.client;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * The one gRPC channel a client talks over: to one server, or to several in turn; with keepalive, TLS and a token as
 * asked.
 */
final class ClientChannels {
    // Round robin over the addresses, each one's subchannel left out while the server's
    // grpc.health.v1 answer for the ingest service is not SERVING (a server stopping, or whose
    // writes have stalled).
    private static final Map<String, Object> FLEET = Map.of(
            "loadBalancingConfig", List.of(Map.of("round_robin", Map.of())),
            "healthCheckConfig", Map.of("serviceName", "productingest.v1.ProductIngest"));

    private ClientChannels() {}

    /** Whether the target is a gRPC name with a scheme ({@code dns:///host:port}) rather than one host:port. */
    static boolean isName(String target) {
        return target.contains(":///") || target.startsWith("dns:");
    }

    /**
     * @param targets "host:port" of each server, or one gRPC name ("dns:///host:port"); with several addresses, given
     *     or resolved, calls go to them in turn and those that are down or not serving are passed over
     * @param security the token, TLS, trust and client certificate to use
     */
    @SuppressWarnings("deprecation") // nameResolverFactory: a fixed address list needs no registry entry of its own
    static ManagedChannel open(List<String> targets, TransportSecurity security) {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("no server address given; pass host:port");
        }
        NettyChannelBuilder builder;
        if (targets.size() > 1) {
            builder = NettyChannelBuilder.forTarget(AddressList.SCHEME + ":///servers")
                    .nameResolverFactory(AddressList.of(targets))
                    .defaultServiceConfig(FLEET);
        } else if (isName(targets.get(0))) {
            // A name that stands for a fleet (dns:///ingest.internal:50051, a headless service): every
            // address it resolves to, in turn, passing over those whose health is not SERVING.
            builder = NettyChannelBuilder.forTarget(targets.get(0)).defaultServiceConfig(FLEET);
        } else {
            builder = NettyChannelBuilder.forTarget(targets.get(0));
        }
        // Pings on a quiet connection, so a server that vanished is noticed; the server permits one every 20 s.
        builder.keepAliveTime(30, TimeUnit.SECONDS).keepAliveTimeout(10, TimeUnit.SECONDS);
        if (security.bearerToken() != null) {
            Metadata headers = new Metadata();
            headers.put(
                    Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
                    "Bearer " + security.bearerToken());
            builder.intercept(MetadataUtils.newAttachHeadersInterceptor(headers));
        }
        if (!security.tls()) {
            return builder.usePlaintext().build();
        }
        if (security.trust() != null || security.clientKeys() != null) {
            builder.sslContext(tlsContext(security));
        }
        return builder.useTransportSecurity().build();
    }

    /** Lets calls under way finish for a while, then ends those still running. */
    static void close(ManagedChannel channel) throws InterruptedException {
        channel.shutdown();
        if (!channel.awaitTermination(10, TimeUnit.SECONDS)) {
            channel.shutdownNow();
        }
    }

    private static SslContext tlsContext(TransportSecurity security) {
        try {
            SslContextBuilder tls = GrpcSslContexts.forClient();
            if (security.trust() != null) {
                TrustManagerFactory trustManagers =
                        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trustManagers.init(security.trust());
                tls.trustManager(trustManagers);
            }
            if (security.clientKeys() != null) {
                KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(security.clientKeys(), security.clientKeysPassword());
                tls.keyManager(keys);
            }
            return tls.build();
        } catch (GeneralSecurityException | SSLException e) {
            throw new IllegalArgumentException(
                    "the trust store or client certificate cannot be used: " + e.getMessage(), e);
        }
    }
}
