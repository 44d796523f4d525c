package dev.productingest.client;

import static dev.productingest.server.testing.Products.catalog;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.productingest.client.cli.IngestCli;
import dev.productingest.server.auth.Credentials;
import dev.productingest.server.testing.SelfSignedCertificate;
import dev.productingest.server.testing.TestServer;
import dev.productingest.v1.IngestSummary;
import io.dropwizard.testing.ConfigOverride;
import io.grpc.Status;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Mutual TLS: a client certificate the server's client trust store vouches for, and whose subject is a credential,
 * names its caller, the owner of its jobs; without one a caller needs a token, and a certificate from an authority the
 * server does not trust is refused at the handshake.
 */
class MutualTlsIntegrationTest {
    private static final SelfSignedCertificate SERVER = SelfSignedCertificate.forLocalhost();
    private static final SelfSignedCertificate FEED = SelfSignedCertificate.forClient("CN=warehouse-feed,O=Example");
    // The same subject, under a key the server's client trust store does not vouch for.
    private static final SelfSignedCertificate STRANGER =
            SelfSignedCertificate.forClient("CN=warehouse-feed,O=Example");
    // Vouched for by the client trust store, but its subject names no credential.
    private static final SelfSignedCertificate UNNAMED = SelfSignedCertificate.forClient("CN=someone-else,O=Example");

    @RegisterExtension
    static final TestServer server = TestServer.perClassWith(
            """
            auth:
              credentials:
                - name: warehouse-feed
                  scopes: [ingest, read]
                  certificateSubject: "CN=warehouse-feed, O=Example"
                - name: catalog-team
                  scopes: [ingest]
                  tokenSha256: %s
            """.formatted(Credentials.hashOf("team-token")),
            ConfigOverride.config("grpc.tls.keyStore", SERVER.keyStore().toString()),
            ConfigOverride.config("grpc.tls.keyStorePassword", SERVER.password()),
            ConfigOverride.config("grpc.tls.clientTrustStore", clientTrustStore()),
            ConfigOverride.config("grpc.tls.clientTrustStorePassword", FEED.password()));

    @Test
    void aClientCertificateWhoseSubjectIsACredentialNamesTheJobsOwner() throws Exception {
        try (IngestClient client = IngestClient.builder(server.target())
                .tls(SERVER.trust())
                .clientCertificate(FEED.keys(), FEED.password().toCharArray())
                .build()) {
            IngestSummary summary = client.load(
                    IngestOptions.defaults().withJobId("by-certificate"),
                    RowSource.of(catalog(50, 0).iterator()));

            assertThat(summary.getInserted()).isEqualTo(50);
            assertThat(client.job("by-certificate").orElseThrow().getOwner()).isEqualTo("warehouse-feed");
        }
    }

    @Test
    void withoutACertificateATokenStillNamesTheCallerAndNeitherIsRefused() throws Exception {
        try (IngestClient client = IngestClient.builder(server.target())
                .tls(SERVER.trust())
                .bearerToken("team-token")
                .build()) {
            assertThat(client.load(
                                    IngestOptions.defaults().withJobId("by-token"),
                                    RowSource.of(catalog(5, 0).iterator()))
                            .getInserted())
                    .isEqualTo(5);
        }
        try (IngestClient anonymous = IngestClient.builder(server.target())
                .tls(SERVER.trust())
                .retry(RetryPolicy.none())
                .build()) {
            IngestException refused = catchThrowableOfType(
                    IngestException.class,
                    () -> anonymous.load(
                            IngestOptions.defaults().withJobId("anonymous"),
                            RowSource.of(catalog(5, 0).iterator())));
            assertThat(refused.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(refused.getMessage()).contains("needs a credential", "client certificate");
        }
    }

    @Test
    void aCertificateTheServerDoesNotTrustNamesNoCallerWhateverItsSubject() throws Exception {
        try (IngestClient stranger = IngestClient.builder(server.target())
                .tls(SERVER.trust())
                .retry(RetryPolicy.none())
                .clientCertificate(STRANGER.keys(), STRANGER.password().toCharArray())
                .build()) {
            IngestException refused = catchThrowableOfType(
                    IngestException.class,
                    () -> stranger.load(
                            IngestOptions.defaults().withJobId("stranger"),
                            RowSource.of(catalog(5, 0).iterator())));
            // Refused at the handshake (the JDK's TLS refuses a certificate it cannot verify, though a client
            // certificate is optional) or, where a TLS engine lets it through unverified, as a caller without a
            // credential.
            assertThat(refused.code()).isIn(Status.Code.UNAVAILABLE, Status.Code.UNAUTHENTICATED);
        }
        long jobs = server.jdbi()
                .withHandle(h -> h.createQuery("SELECT count(*) FROM ingest_jobs WHERE job_id = 'stranger'")
                        .mapTo(Long.class)
                        .one());
        assertThat(jobs).as("nothing opened in warehouse-feed's name").isZero();
        try (IngestClient feed = IngestClient.builder(server.target())
                .tls(SERVER.trust())
                .clientCertificate(FEED.keys(), FEED.password().toCharArray())
                .build()) {
            assertThat(feed.load(
                                    IngestOptions.defaults().withJobId("feed-after-stranger"),
                                    RowSource.of(catalog(5, 0).iterator()))
                            .getInserted())
                    .as("the server is up and takes the real certificate")
                    .isEqualTo(5);
        }
    }

    @Test
    void aTrustedCertificateWhoseSubjectIsNoCredentialIsRefusedSayingSo() throws Exception {
        try (IngestClient unnamed = IngestClient.builder(server.target())
                .tls(SERVER.trust())
                .retry(RetryPolicy.none())
                .clientCertificate(UNNAMED.keys(), UNNAMED.password().toCharArray())
                .build()) {
            IngestException refused = catchThrowableOfType(
                    IngestException.class,
                    () -> unnamed.load(
                            IngestOptions.defaults().withJobId("unnamed"),
                            RowSource.of(catalog(5, 0).iterator())));
            assertThat(refused.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(refused.getMessage())
                    .contains("the client certificate's subject is not one of this server's credentials");
        }
    }

    private static String clientTrustStore() {
        try {
            return SelfSignedCertificate.trustStoreOf(FEED, UNNAMED).toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theCliPresentsAClientCertificate() throws Exception {
        Path file = FEED.keyStore().resolveSibling("one.csv");
        Files.writeString(file, "sku,name,price,currency,updated_at\nT-1,Mug,1.00,EUR,2024-01-01T00:00:00Z\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exit = IngestCli.run(
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                "load",
                file.toString(),
                "--server",
                server.target(),
                "--trust-store",
                SERVER.trustStore().toString(),
                "--trust-store-password",
                SERVER.password(),
                "--client-cert",
                FEED.keyStore().toString(),
                "--client-cert-password",
                FEED.password());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("inserted 1");
    }
}
