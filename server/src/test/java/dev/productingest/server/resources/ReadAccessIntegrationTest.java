package dev.productingest.server.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.productingest.server.testing.SelfSignedCertificate;
import dev.productingest.server.testing.TestServer;
import io.dropwizard.testing.ConfigOverride;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Who may read from the application port: job reads and the jobs page need a credential with the read scope (as a
 * bearer token, or a browser's Basic password), never a producer's token; a producer reads its own jobs; product reads
 * stay public unless public reads are off; over HTTPS from the same kind of PKCS12 store as gRPC's TLS.
 */
class ReadAccessIntegrationTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final TestServer guarded = TestServer.perClass(
            ConfigOverride.config("auth.ingestToken", "producer-s3cret-token"),
            ConfigOverride.config("auth.readToken", "reader-s3cret-token"));

    @Test
    void jobReadsAndThePageNeedTheReadTokenAndProductReadsDoNot() throws Exception {
        for (String path : new String[] {
            "/jobs", "/jobs/any-job", "/jobs/any-job/rejects", "/jobs/any-job/rejects.csv", "/live/jobs", "/"
        }) {
            HttpResponse<String> refused = get(guarded.http() + path, null);
            assertThat(refused.statusCode()).as(path).isEqualTo(401);
            assertThat(refused.headers().allValues("WWW-Authenticate"))
                    .as(path)
                    .anyMatch(h -> h.startsWith("Basic realm="))
                    .anyMatch(h -> h.startsWith("Bearer realm="));
            assertThat(refused.body()).as(path).contains("\"code\":401", "Authorization: Bearer <token>");
        }
        assertThat(get(guarded.http() + "/jobs", "Bearer reader-s3cret-token").statusCode())
                .isEqualTo(200);
        assertThat(get(guarded.http() + "/", basic("anyone", "reader-s3cret-token"))
                        .statusCode())
                .as("a browser's Basic password")
                .isEqualTo(200);
        assertThat(get(guarded.http() + "/jobs/any-job", "Bearer reader-s3cret-token")
                        .statusCode())
                .as("past the check: no such job")
                .isEqualTo(404);
        HttpResponse<String> wrong = get(guarded.http() + "/jobs", "Bearer guess");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("not one of this server's credentials");
        assertThat(get(guarded.http() + "/jobs", basic("anyone", "guess")).statusCode())
                .isEqualTo(401);
        assertThat(get(guarded.http() + "/jobs", "Basic not-base64!").statusCode())
                .isEqualTo(401);

        assertThat(get(guarded.http() + "/stats", null).statusCode())
                .as("public product reads")
                .isEqualTo(200);
        assertThat(get(guarded.http() + "/products/NO-SUCH-SKU", null).statusCode())
                .isEqualTo(404);
        assertThat(get(guarded.http() + "/products", null).statusCode()).isEqualTo(200);
    }

    @Test
    void theProducersTokenOpensNeitherThePageNorOtherJobs() throws Exception {
        for (String path : new String[] {"/jobs", "/live/jobs", "/"}) {
            HttpResponse<String> refused = get(guarded.http() + path, basic("anyone", "producer-s3cret-token"));
            assertThat(refused.statusCode()).as(path).isEqualTo(403);
            assertThat(refused.body()).as(path).contains("\"code\":403", "credential 'producer'", "read scope");
        }
        assertThat(get(guarded.http() + "/jobs/any-job", "Bearer producer-s3cret-token")
                        .statusCode())
                .as("a producer asks for its own jobs: past the check, no such job")
                .isEqualTo(404);
    }

    @Test
    void aReadTokenWithPublicReadsOffGuardsEveryRead() throws Exception {
        try (TestServer reads = TestServer.start(
                ConfigOverride.config("auth.readToken", "reader-only-token"),
                ConfigOverride.config("http.publicReads", "false"))) {
            for (String path : new String[] {"/stats", "/products", "/products/NO-SUCH-SKU", "/jobs"}) {
                assertThat(get(reads.http() + path, null).statusCode()).as(path).isEqualTo(401);
            }
            assertThat(get(reads.http() + "/stats", "Bearer reader-only-token").statusCode())
                    .isEqualTo(200);
            assertThat(get(reads.http() + "/jobs", "Bearer reader-only-token").statusCode())
                    .isEqualTo(200);
            assertThat(get(reads.http() + "/products/NO-SUCH-SKU", "Bearer reader-only-token")
                            .statusCode())
                    .isEqualTo(404);
        }
    }

    @Test
    void theApplicationPortServesHttpsFromAPkcs12Store() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.forLocalhost();
        try (TestServer https = TestServer.start(
                ConfigOverride.config("server.applicationConnectors[0].type", "https"),
                ConfigOverride.config(
                        "server.applicationConnectors[0].keyStorePath",
                        certificate.keyStore().toString()),
                ConfigOverride.config("server.applicationConnectors[0].keyStorePassword", certificate.password()),
                ConfigOverride.config("server.applicationConnectors[0].keyStoreType", "PKCS12"))) {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(certificate.trust());
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, trust.getTrustManagers(), null);
            HttpClient trusting = HttpClient.newBuilder().sslContext(tls).build();

            HttpResponse<String> stats = trusting.send(
                    HttpRequest.newBuilder(URI.create("https://localhost:" + https.httpPort() + "/stats"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(stats.statusCode()).isEqualTo(200);
            assertThat(stats.body()).contains("\"products\"");

            // A client that does not trust the certificate is refused at the handshake.
            assertThatThrownBy(() -> HTTP.send(
                            HttpRequest.newBuilder(URI.create("https://localhost:" + https.httpPort() + "/stats"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(SSLHandshakeException.class);
        }
    }

    private static HttpResponse<String> get(String url, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        // /live/jobs would stream for as long as the connection lives: a refused one answers at once.
        return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
