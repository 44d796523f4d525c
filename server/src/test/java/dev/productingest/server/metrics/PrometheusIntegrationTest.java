package dev.productingest.server.metrics;

import static dev.productingest.server.testing.Products.catalog;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.productingest.server.testing.IngestCall;
import dev.productingest.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The admin port's /metrics/prometheus: the server's metrics and the JVM's, in Prometheus's text format. */
class PrometheusIntegrationTest {
    // A sample line: a metric name, optional labels, a value.
    private static final Pattern SAMPLE = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(\\{[^}]*})? -?[0-9.eE+-]+|[+-]?Inf|NaN");

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @Test
    void aScrapeIsTheTextFormatWithTheIngestCountsAndTheJvm() throws Exception {
        assertThat(IngestCall.load(server.asyncStub(), "scraped", catalog(1_234, 0)).ok()).isTrue();

        HttpResponse<String> scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + server.adminPort() + "/metrics/prometheus")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
        for (String line : scrape.body().split("\n")) {
            if (!line.isEmpty() && !line.startsWith("#")) {
                assertThat(line).as("a sample line").matches(l -> SAMPLE.matcher(l).matches() || l.matches(".* ([+-]Inf|NaN)"));
            }
        }
        assertThat(value(scrape.body(), "ingest_rows_received_total")).isGreaterThanOrEqualTo(1_234);
        assertThat(scrape.body()).contains("jvm_memory_bytes_used{area=\"heap\",}", "ingest_batch_write{quantile=\"0.99\",}",
                "ingest_writer_backlog ", "progress_redis_unsent ");
        assertThat(value(scrape.body(), "ingest_rows_inserted_total")).isGreaterThanOrEqualTo(1_234);
        assertThat(value(scrape.body(), "ingest_jobs_completed_total")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void everyMetricTheAlertRulesNameIsScraped() throws Exception {
        assertThat(IngestCall.load(server.asyncStub(), "alerting", catalog(10, 0)).ok()).isTrue();
        String scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + server.adminPort() + "/metrics/prometheus")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Set<String> scraped = new HashSet<>();
        for (String line : scrape.split("\n")) {
            if (!line.isEmpty() && !line.startsWith("#")) {
                scraped.add(line.split("[{ ]", 2)[0]);
            }
        }
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        JsonNode alerts = yaml.readTree(Path.of("../deploy/prometheus/alerts.yml").toFile());
        JsonNode config = yaml.readTree(Path.of("../deploy/prometheus/prometheus.yml").toFile());

        assertThat(config.at("/scrape_configs/0/metrics_path").asText()).isEqualTo("/metrics/prometheus");
        List<String> named = new ArrayList<>();
        for (JsonNode rule : alerts.at("/groups/0/rules")) {
            assertThat(rule.path("alert").asText()).isNotEmpty();
            Matcher metric = METRIC.matcher(rule.path("expr").asText());
            while (metric.find()) {
                named.add(metric.group());
            }
        }
        assertThat(named).hasSizeGreaterThanOrEqualTo(6).allSatisfy(name -> assertThat(scraped).contains(name));
    }

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
