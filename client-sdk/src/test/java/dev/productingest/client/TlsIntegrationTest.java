package dev.productingest.client;

import static dev.productingest.server.testing.Products.catalog;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.productingest.client.cli.IngestCli;
import dev.productingest.server.testing.TestServer;
import dev.productingest.v1.IngestSummary;
import io.dropwizard.testing.ConfigOverride;
import io.grpc.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The gRPC port with TLS: a client that trusts the server's certificate loads, a plaintext one cannot. */
class TlsIntegrationTest {
    private static final String PASSWORD = "changeit";
    private static final Path DIR = certificates();

    @RegisterExtension
    static final TestServer server = TestServer.perClass(
            ConfigOverride.config("grpc.tls.keyStore", DIR.resolve("server.p12").toString()),
            ConfigOverride.config("grpc.tls.keyStorePassword", PASSWORD));

    /** A self-signed certificate for localhost, made with the JDK's own keytool, and a trust store holding it. */
    private static Path certificates() {
        try {
            Path dir = Files.createTempDirectory("product-ingest-tls");
            keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                    "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                    "-keystore", dir.resolve("server.p12").toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
            keytool("-exportcert", "-alias", "server", "-keystore", dir.resolve("server.p12").toString(), "-storepass", PASSWORD,
                    "-file", dir.resolve("server.cer").toString());
            keytool("-importcert", "-noprompt", "-alias", "server", "-file", dir.resolve("server.cer").toString(), "-storetype", "PKCS12",
                    "-keystore", dir.resolve("trust.p12").toString(), "-storepass", PASSWORD);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void keytool(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        try {
            if (p.waitFor() != 0) {
                throw new IOException("keytool " + args[0] + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Test
    void aClientTrustingTheServersCertificateLoadsAndAPlaintextOneCannot() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(DIR.resolve("trust.p12"))) {
            trust.load(in, PASSWORD.toCharArray());
        }
        try (IngestClient client = IngestClient.builder(server.target()).tls(trust).build()) {
            IngestSummary summary = client.load(IngestOptions.defaults().withJobId("over-tls"), RowSource.of(catalog(200, 0).iterator()));
            assertThat(summary.getInserted()).isEqualTo(200);
        }
        try (IngestClient plain = IngestClient.builder(server.target()).retry(RetryPolicy.none()).build()) {
            IngestException refused = catchThrowableOfType(IngestException.class,
                    () -> plain.load(IngestOptions.defaults().withJobId("plain"), RowSource.of(catalog(10, 0).iterator())));
            assertThat(refused.code()).isEqualTo(Status.Code.UNAVAILABLE);
        }

        Path file = DIR.resolve("one.csv");
        Files.writeString(file, "sku,name,price,currency,updated_at\nT-1,Mug,1.00,EUR,2024-01-01T00:00:00Z\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = IngestCli.run(new PrintWriter(out, true), new PrintWriter(err, true), "load", file.toString(), "--server", server.target(),
                "--trust-store", DIR.resolve("trust.p12").toString(), "--trust-store-password", PASSWORD);
        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("inserted 1");
    }
}
