package dev.productingest.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.productingest.server.testing.TestServer;
import io.dropwizard.testing.ConfigOverride;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.Collections;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A server without a credential is reachable from its own host only; a credential, or anonymous callers allowed
 * explicitly, opens its ports to the network; an address beyond loopback without either stops it from starting, saying
 * what to set.
 */
class LoopbackByDefaultIntegrationTest {

    @Test
    void withoutACredentialTheIngestAndApplicationPortsAnswerOnLoopbackOnly() throws Exception {
        InetAddress network = networkAddress();
        try (TestServer server = TestServer.start()) {
            assertThat(accepts(InetAddress.getLoopbackAddress(), server.grpcPort()))
                    .isTrue();
            assertThat(accepts(InetAddress.getLoopbackAddress(), server.httpPort()))
                    .isTrue();
            assertThat(accepts(network, server.grpcPort()))
                    .as("gRPC from the network")
                    .isFalse();
            assertThat(accepts(network, server.httpPort()))
                    .as("HTTP from the network")
                    .isFalse();
        }
    }

    @Test
    void aCredentialOpensThePortsToTheNetwork() throws Exception {
        InetAddress network = networkAddress();
        try (TestServer server = TestServer.start(ConfigOverride.config("auth.ingestToken", "s3cret-ingest-token"))) {
            assertThat(accepts(network, server.grpcPort())).isTrue();
            assertThat(accepts(network, server.httpPort())).isTrue();
        }
    }

    @Test
    void anonymousCallersAllowedExplicitlyOpenThePortsToTheNetwork() throws Exception {
        InetAddress network = networkAddress();
        try (TestServer server = TestServer.start(ConfigOverride.config("auth.allowAnonymous", "true"))) {
            assertThat(accepts(network, server.grpcPort())).isTrue();
        }
    }

    @Test
    void anAddressBeyondLoopbackWithoutACredentialStopsTheServerSayingWhatToSet() {
        assertThatThrownBy(() -> TestServer.start(ConfigOverride.config("grpc.host", "0.0.0.0"))
                        .close())
                .hasStackTraceContaining(
                        "grpc.host (GRPC_HOST) is 0.0.0.0, beyond loopback, but no credential is configured")
                .hasStackTraceContaining("auth.allowAnonymous: true");
    }

    @Test
    void aCertificateCredentialWithoutAClientTrustStoreStopsTheServerSayingWhy() {
        assertThatThrownBy(() -> TestServer.startWith("""
                auth:
                  credentials:
                    - name: warehouse-feed
                      scopes: [ingest]
                      certificateSubject: "CN=warehouse-feed"
                """).close())
                .hasStackTraceContaining("no client certificate could ever be verified");
    }

    private static boolean accepts(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2_000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    /** An address of this host that is not loopback, where the network would reach it. */
    private static InetAddress networkAddress() throws SocketException {
        Optional<InetAddress> found = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .filter(nic -> isUp(nic))
                .flatMap(nic -> Collections.list(nic.getInetAddresses()).stream())
                .filter(address -> address instanceof Inet4Address
                        && !address.isLoopbackAddress()
                        && !address.isLinkLocalAddress())
                .findFirst();
        assumeThat(found).as("this host has an address beyond loopback").isPresent();
        return found.get();
    }

    private static boolean isUp(NetworkInterface nic) {
        try {
            return nic.isUp();
        } catch (SocketException e) {
            return false;
        }
    }
}
