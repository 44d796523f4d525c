package dev.productingest.perf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.productingest.client.IngestClient;
import dev.productingest.client.IngestOptions;
import dev.productingest.client.RowSource;
import dev.productingest.client.sample.CatalogGenerator;
import dev.productingest.client.sample.CatalogSpec;
import dev.productingest.server.testing.Conditions;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.JobState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The server jar's own log, as an operator reads it: a line when a job starts and one when it ends with its counts and
 * rate, carrying the job's id in the MDC; one JSON object per line with {@code LOG_FORMAT=json}, the text layout's line
 * otherwise. A producer's text (here a source with a line break and a forged line after it) stays on its line in both.
 */
class ServerLogsIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FORGED =
            "INFO  [2026-01-01T00:00:00.000Z] dev.productingest.server.jobs.JobLog: job forged COMPLETED";
    private static final String SOURCE = "feed.csv\r\n" + FORGED + "\n";

    @RegisterExtension
    static final LocalStores stores = new LocalStores();

    @Test
    void withJsonLogsEveryLineIsAJsonObjectAndAJobsLinesCarryItsId() throws Exception {
        Path log = stores.dir().resolve("json.log");
        try (ServerProcess server = ServerProcess.start(
                Bench.repoRoot(), stores.url(), stores.redisUrl(), log, "256m", Map.of("LOG_FORMAT", "json"))) {
            load(server, "logged-json");
            HttpResponse<String> stats = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://localhost:" + server.httpPort() + "/stats"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(stats.statusCode()).isEqualTo(200);
            Conditions.await(
                    "the job's end and the request are logged",
                    () -> read(log).contains("job logged-json COMPLETED")
                            && read(log).contains("\"uri\":\"/stats\""));
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            // The JVM's own output (its GC log goes to a file) is not the server's log.
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        assertThat(lines)
                .as("log lines")
                .hasSizeGreaterThan(5)
                .allSatisfy(line -> assertThat(line.isObject()).isTrue());
        assertThat(lines)
                .filteredOn(line -> line.has("logger"))
                .as("the application's lines")
                .hasSizeGreaterThan(5)
                .allSatisfy(line -> {
                    assertThat(line.path("level").asText()).isNotEmpty();
                    assertThat(line.path("message").isTextual()).isTrue();
                });
        JsonNode started = only(lines, "job logged-json started");
        assertThat(started.path("message").asText())
                .as("the source as its producer sent it, escaped")
                .contains("source 'feed.csv\\r\\n" + FORGED + "\\n'");
        JsonNode ended = only(lines, "job logged-json COMPLETED");
        assertThat(started.at("/mdc/job").asText()).isEqualTo("logged-json");
        assertThat(ended.at("/mdc/job").asText()).isEqualTo("logged-json");
        assertThat(ended.path("message").asText()).contains("received 2000, inserted 2000", "rows/s");
        assertThat(lines).as("the request log, in the same format").anySatisfy(line -> {
            assertThat(line.path("uri").asText()).isEqualTo("/stats");
            assertThat(line.path("status").asInt()).isEqualTo(200);
        });
    }

    @Test
    void textLogsNameTheJobOnItsLinesAndNoJobOnOthers() throws Exception {
        Path log = stores.dir().resolve("text.log");
        try (ServerProcess server =
                ServerProcess.start(Bench.repoRoot(), stores.url(), stores.redisUrl(), log, "256m")) {
            load(server, "logged-text");
            Conditions.await("the job's end is logged", () -> read(log).contains("job logged-text COMPLETED"));
        }
        List<String> lines = Files.readAllLines(log);
        assertThat(lines)
                .filteredOn(line -> line.contains("job logged-text COMPLETED"))
                .singleElement()
                .asString()
                .startsWith("INFO")
                .contains("dev.productingest.server.jobs.JobLog: job=logged-text job logged-text COMPLETED")
                .contains("received 2000, inserted 2000, updated 0, unchanged 0, stale 0, deleted 0, rejected 0")
                .as("a job's end has no stream left: the empty part is left out")
                .doesNotContain("stream=");
        assertThat(lines)
                .filteredOn(line -> line.contains("gRPC server listening"))
                .singleElement()
                .asString()
                .doesNotContain("job=")
                .contains("GrpcServer: gRPC server listening");
        assertThat(lines)
                .filteredOn(line -> line.contains("job logged-text started"))
                .singleElement()
                .asString()
                .contains("JobLog: job=logged-text stream=")
                .as("the source's line breaks as visible escapes, on the job's own line")
                .endsWith("source 'feed.csv\\r\\n" + FORGED + "\\n'");
        assertThat(lines)
                .as("no line forged by the source")
                .noneMatch(line -> line.startsWith(FORGED.substring(0, 20)));
        // Its status lines read "11:29:46,470 |-WARN in LogbackAccessRequestLog - Versions of ... are different!".
        assertThat(lines)
                .as("logback-access's own start-up status is not printed")
                .noneMatch(line -> line.contains(" |-"));
    }

    private static void load(ServerProcess server, String jobId) throws Exception {
        try (IngestClient client = IngestClient.builder(server.target()).build()) {
            IngestSummary summary = client.load(
                    IngestOptions.defaults().withJobId(jobId).withSource(SOURCE),
                    RowSource.of(new CatalogGenerator(CatalogSpec.of(2_000, 3).startingAt(jobId.hashCode() & 0xffff))));
            assertThat(summary.getState()).isEqualTo(JobState.COMPLETED);
        }
    }

    private static JsonNode only(List<JsonNode> lines, String start) {
        return lines.stream()
                .filter(line -> line.path("message").asText().startsWith(start))
                .reduce((a, b) -> {
                    throw new AssertionError("more than one line starts with " + start);
                })
                .orElseThrow(() -> new AssertionError("no line starts with " + start));
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
