package dev.productingest.client;

import static dev.productingest.server.testing.Products.catalog;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.productingest.client.cli.IngestCli;
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
import org.junit.jupiter.api.io.TempDir;

/** A server with a bearer token refuses calls without it, and the SDK and CLI pass it. */
class BearerTokenIntegrationTest {
    @RegisterExtension
    static final TestServer server =
            TestServer.perClass(ConfigOverride.config("auth.ingestToken", "s3cret-ingest-token"));

    @TempDir
    Path dir;

    @Test
    void callsWithoutTheTokenOrWithAnotherAreRefusedAndWithItTheyLoad() throws Exception {
        IngestException none = attempt(null);
        IngestException wrong = attempt("guess");
        assertThat(none.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(none.getMessage()).contains("needs a credential", "--token");
        assertThat(wrong.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(wrong.getMessage()).contains("not one of this server's credentials");

        try (IngestClient client = IngestClient.builder(server.target())
                .bearerToken("s3cret-ingest-token")
                .build()) {
            IngestSummary summary = client.load(
                    IngestOptions.defaults().withJobId("with-token"),
                    RowSource.of(catalog(100, 0).iterator()));
            assertThat(summary.getInserted()).isEqualTo(100);
        }

        Path file = dir.resolve("one.csv");
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
                "--token",
                "s3cret-ingest-token");
        assertThat(exit).as(err.toString()).isZero();
    }

    private static IngestException attempt(String token) throws Exception {
        try (IngestClient client =
                IngestClient.builder(server.target()).bearerToken(token).build()) {
            return catchThrowableOfType(
                    IngestException.class,
                    () -> client.load(
                            IngestOptions.defaults().withJobId("no-token"),
                            RowSource.of(catalog(10, 0).iterator())));
        }
    }
}
