package dev.productingest.client;

import static dev.productingest.server.testing.Products.catalog;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.productingest.client.cli.IngestCli;
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

/** The gRPC port with TLS: a client that trusts the server's certificate loads, a plaintext one cannot. */
class TlsIntegrationTest {
    private static final SelfSignedCertificate CERTIFICATE = SelfSignedCertificate.forLocalhost();

    @RegisterExtension
    static final TestServer server = TestServer.perClass(
            ConfigOverride.config("grpc.tls.keyStore", CERTIFICATE.keyStore().toString()),
            ConfigOverride.config("grpc.tls.keyStorePassword", CERTIFICATE.password()));

    @Test
    void aClientTrustingTheServersCertificateLoadsAndAPlaintextOneCannot() throws Exception {
        try (IngestClient client =
                IngestClient.builder(server.target()).tls(CERTIFICATE.trust()).build()) {
            IngestSummary summary = client.load(
                    IngestOptions.defaults().withJobId("over-tls"),
                    RowSource.of(catalog(200, 0).iterator()));
            assertThat(summary.getInserted()).isEqualTo(200);
        }
        try (IngestClient plain =
                IngestClient.builder(server.target()).retry(RetryPolicy.none()).build()) {
            IngestException refused = catchThrowableOfType(
                    IngestException.class,
                    () -> plain.load(
                            IngestOptions.defaults().withJobId("plain"),
                            RowSource.of(catalog(10, 0).iterator())));
            assertThat(refused.code()).isEqualTo(Status.Code.UNAVAILABLE);
        }

        Path file = CERTIFICATE.keyStore().resolveSibling("one.csv");
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
                CERTIFICATE.trustStore().toString(),
                "--trust-store-password",
                CERTIFICATE.password());
        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("inserted 1");
    }
}
