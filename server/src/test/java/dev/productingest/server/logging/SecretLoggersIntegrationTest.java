package dev.productingest.server.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.productingest.server.testing.CapturedLog;
import dev.productingest.server.testing.TestServer;
import dev.productingest.v1.GetJobRequest;
import io.dropwizard.testing.ConfigOverride;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An operator who turns the header-printing loggers to TRACE through the admin port's log-level task still gets no
 * caller's credentials in the log: the gRPC and HTTP calls carry {@code authorization: Bearer <token>}, and the token
 * appears nowhere.
 */
class SecretLoggersIntegrationTest {
    private static final String TOKEN = "secret-token-123";
    private static final String[] LOGGERS = {"io.grpc.netty.NettyServerHandler", "io.netty", "org.eclipse.jetty"};
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    // The token is a reader's: the calls carrying it are taken, and so pass every logger on their way.
    @RegisterExtension
    static final TestServer server = TestServer.perClass(ConfigOverride.config("auth.readToken", TOKEN));

    @Test
    void noLogLevelMakesTheServerLogABearerToken() throws Exception {
        try (CapturedLog log = CapturedLog.start()) {
            assertThat(setLevels("&level=TRACE")).isEqualTo(200);
            try {
                Metadata headers = new Metadata();
                headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + TOKEN);
                StatusRuntimeException noSuchJob = assertThrows(
                        StatusRuntimeException.class,
                        () -> server.blockingStub()
                                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                                .getJob(GetJobRequest.newBuilder()
                                        .setJobId("any-job")
                                        .build()));
                assertThat(noSuchJob.getStatus().getCode())
                        .as("taken, then not found")
                        .isEqualTo(Status.Code.NOT_FOUND);
                HttpResponse<String> stats = HTTP.send(
                        HttpRequest.newBuilder(URI.create(server.http() + "/stats"))
                                .header("Authorization", "Bearer " + TOKEN)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(stats.statusCode()).isEqualTo(200);
            } finally {
                setLevels("");
            }

            assertThat(log.text()).doesNotContain(TOKEN);
        }
    }

    /** POST /tasks/log-level on the admin port for every header logger; no level resets them to the configured one. */
    private static int setLevels(String level) throws Exception {
        StringBuilder query = new StringBuilder();
        for (String logger : LOGGERS) {
            query.append(query.length() == 0 ? "?" : "&").append("logger=").append(logger);
        }
        return HTTP.send(
                        HttpRequest.newBuilder(URI.create(
                                        "http://localhost:" + server.adminPort() + "/tasks/log-level" + query + level))
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }
}
