package dev.productingest.server.metrics;

import static dev.productingest.server.testing.Products.catalog;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.productingest.server.testing.Conditions;
import dev.productingest.server.testing.IngestCall;
import dev.productingest.server.testing.TestServer;
import dev.productingest.v1.GetJobRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The admin port's /metrics/prometheus: the server's metrics and the JVM's, in Prometheus's text format. */
class PrometheusIntegrationTest {
    // A sample line: a metric name, optional labels, a value.
    private static final Pattern SAMPLE =
            Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(\\{[^}]*})? -?[0-9.eE+-]+|[+-]?Inf|NaN");

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @Test
    void aScrapeIsTheTextFormatWithTheIngestCountsAndTheJvm() throws Exception {
        assertThat(IngestCall.load(server.asyncStub(), "scraped", catalog(1_234, 0))
                        .ok())
                .isTrue();

        HttpResponse<String> scrape = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(
                                        URI.create("http://localhost:" + server.adminPort() + "/metrics/prometheus"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
        for (String line : scrape.body().split("\n")) {
            if (!line.isEmpty() && !line.startsWith("#")) {
                assertThat(line)
                        .as("a sample line")
                        .matches(l -> SAMPLE.matcher(l).matches() || l.matches(".* ([+-]Inf|NaN)"));
            }
        }
        assertThat(value(scrape.body(), "ingest_rows_received_total")).isGreaterThanOrEqualTo(1_234);
        assertThat(scrape.body())
                .contains(
                        "jvm_memory_used_bytes{area=\"heap\"}",
                        "jvm_gc_collection_seconds_count{",
                        "ingest_batch_write{quantile=\"0.99\"}",
                        "ingest_writer_backlog ",
                        "progress_redis_unsent ");
        assertThat(value(scrape.body(), "ingest_rows_inserted_total")).isGreaterThanOrEqualTo(1_234);
        assertThat(value(scrape.body(), "ingest_owner_jobs_total{owner=\"anonymous\",state=\"completed\"}"))
                .as("jobs by their owner")
                .isGreaterThanOrEqualTo(1);
        assertThat(value(scrape.body(), "ingest_owner_rows_total{owner=\"anonymous\"}"))
                .isGreaterThanOrEqualTo(1_234);
        assertThat(value(scrape.body(), "ingest_jobs_completed_total")).isGreaterThanOrEqualTo(1);
        // What operators ask of a load: bytes in, batch sizes, waits for a writer, Redis round trips, the pool.
        assertThat(value(scrape.body(), "ingest_bytes_received_total"))
                .as("bytes received")
                .isGreaterThan(1_234 * 20);
        assertThat(value(scrape.body(), "ingest_batch_rows_count"))
                .as("batches sized")
                .isGreaterThanOrEqualTo(1);
        assertThat(labelled(scrape.body(), "ingest_batch_rows", Map.of("quantile", "0.999")))
                .as("the largest batches, in rows")
                .isBetween(1.0, 1_234.0);
        assertThat(value(scrape.body(), "ingest_writer_wait_count"))
                .as("tasks timed waiting for a writer")
                .isGreaterThanOrEqualTo(2);
        assertThat(value(scrape.body(), "progress_redis_round_trip_count"))
                .as("Redis round trips timed")
                .isGreaterThanOrEqualTo(1);
        assertThat(scrape.body()).contains("io_dropwizard_db_ManagedPooledDataSource_postgresql_active ");
    }

    @Test
    void everyMetricTheAlertRulesNameIsScraped() throws Exception {
        assertThat(IngestCall.load(server.asyncStub(), "alerting", catalog(10, 0))
                        .ok())
                .isTrue();
        String scrape = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(
                                        URI.create("http://localhost:" + server.adminPort() + "/metrics/prometheus"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        Set<String> scraped = new HashSet<>();
        for (String line : scrape.split("\n")) {
            if (!line.isEmpty() && !line.startsWith("#")) {
                scraped.add(line.split("[{ ]", 2)[0]);
            }
        }
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        JsonNode alerts =
                yaml.readTree(Path.of("../deploy/prometheus/alerts.yml").toFile());
        JsonNode config =
                yaml.readTree(Path.of("../deploy/prometheus/prometheus.yml").toFile());

        assertThat(config.at("/scrape_configs/0/metrics_path").asText()).isEqualTo("/metrics/prometheus");
        List<String> named = new ArrayList<>();
        for (JsonNode rule : alerts.at("/groups/0/rules")) {
            assertThat(rule.path("alert").asText()).isNotEmpty();
            Matcher metric = METRIC.matcher(rule.path("expr").asText());
            while (metric.find()) {
                named.add(metric.group());
            }
        }
        assertThat(named)
                .hasSizeGreaterThanOrEqualTo(6)
                .allSatisfy(name -> assertThat(scraped).contains(name));
    }

    @Test
    void everyGrpcCallIsCountedByServiceMethodAndStatusCode() throws Exception {
        Map<String, String> ingestOk =
                Map.of("grpc_service", "ProductIngest", "grpc_method", "Ingest", "grpc_code", "OK");
        Map<String, String> ingestCancelled =
                Map.of("grpc_service", "ProductIngest", "grpc_method", "Ingest", "grpc_code", "CANCELLED");
        Map<String, String> getJobNotFound =
                Map.of("grpc_service", "ProductIngest", "grpc_method", "GetJob", "grpc_code", "NOT_FOUND");
        String before = scrape();

        assertThat(IngestCall.load(server.asyncStub(), "counted-call", catalog(10, 0))
                        .ok())
                .isTrue();
        assertThatThrownBy(() -> server.blockingStub()
                        .getJob(GetJobRequest.newBuilder()
                                .setJobId("no-such-job")
                                .build()))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
        IngestCall broken = IngestCall.open(server.asyncStub()).send(IngestCall.header("counted-broken"));
        broken.breakOff();

        // The server counts a cancelled call when the cancel reaches it, a moment after the client's.
        Conditions.await(
                "the broken stream is counted as cancelled",
                () -> labelled(scrape(), "grpc_server_handled_total", ingestCancelled)
                        == labelled(before, "grpc_server_handled_total", ingestCancelled) + 1);
        String after = scrape();
        assertThat(labelled(after, "grpc_server_handled_total", ingestOk))
                .isEqualTo(labelled(before, "grpc_server_handled_total", ingestOk) + 1);
        assertThat(labelled(after, "grpc_server_handled_total", getJobNotFound))
                .isEqualTo(labelled(before, "grpc_server_handled_total", getJobNotFound) + 1);
        assertThat(labelled(
                        after,
                        "grpc_server_started_total",
                        Map.of("grpc_service", "ProductIngest", "grpc_method", "Ingest")))
                .isGreaterThanOrEqualTo(labelled(
                                before,
                                "grpc_server_started_total",
                                Map.of("grpc_service", "ProductIngest", "grpc_method", "Ingest"))
                        + 2);
        assertThat(labelled(
                        after,
                        "grpc_server_handling_seconds_count",
                        Map.of("grpc_service", "ProductIngest", "grpc_method", "GetJob")))
                .isGreaterThanOrEqualTo(1);
        assertThat(labelled(
                        after,
                        "grpc_server_handling_seconds",
                        Map.of("grpc_service", "ProductIngest", "grpc_method", "Ingest", "quantile", "0.99")))
                .as("a stream's life, in seconds")
                .isPositive()
                .isLessThan(120);
    }

    private static String scrape() {
        try {
            return HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(
                                            "http://localhost:" + server.adminPort() + "/metrics/prometheus"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("the admin port did not answer the scrape", e);
        }
    }

    /** The value of the sample with this name and exactly these labels (in any order); 0 when there is none yet. */
    private static double labelled(String body, String name, Map<String, String> labels) {
        for (String line : body.split("\n")) {
            Matcher sample = LABELLED.matcher(line);
            if (sample.matches() && sample.group(1).equals(name)) {
                Map<String, String> found = new HashMap<>();
                Matcher label = LABEL.matcher(sample.group(2));
                while (label.find()) {
                    found.put(label.group(1), label.group(2));
                }
                if (found.equals(labels)) {
                    return Double.parseDouble(sample.group(3));
                }
            }
        }
        return 0;
    }

    private static final Pattern LABELLED = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{(.*)} (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"([^\"]*)\"");

    // The metrics of this service and of Dropwizard's database pool, as an alert's expression names them.
    private static final Pattern METRIC = Pattern.compile("\\b(ingest|progress|io_dropwizard)_[a-zA-Z0-9_]+");

    private static double value(String body, String name) {
        for (String line : body.split("\n")) {
            if (line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(name.length() + 1));
            }
        }
        throw new AssertionError("no sample " + name + " in the scrape");
    }
}
