package dev.productingest.server.ingest.stream;

import static dev.productingest.server.testing.IngestCall.header;
import static dev.productingest.server.testing.Products.row;
import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import dev.productingest.server.testing.Conditions;
import dev.productingest.server.testing.IngestCall;
import dev.productingest.server.testing.ProductTable;
import dev.productingest.server.testing.Rest;
import dev.productingest.server.testing.TestServer;
import dev.productingest.v1.IngestRequest;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.JobState;
import dev.productingest.v1.ProductRow;
import io.dropwizard.testing.ConfigOverride;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A budget far smaller than what the streams send: every stream still gets through, in turn, and every byte a stream
 * held comes back, whether it completed, broke off, misused the protocol or spent its error budget.
 */
class MemoryBudgetIntegrationTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass(ConfigOverride.config("ingest.memoryBudget", "2MiB"));

    @Test
    void streamsFarBeyondTheBudgetAllLoadExactlyAndGiveEveryByteBack() throws InterruptedException {
        List<CompletableFuture<IngestCall.Result>> loads = new ArrayList<>();
        for (int k = 0; k < 8; k++) {
            List<ProductRow> rows = rows("S" + k, 3_000);
            String jobId = "budget-" + k;
            loads.add(CompletableFuture.supplyAsync(() -> IngestCall.load(server.asyncStub(), jobId, rows)));
        }
        IngestCall broken = IngestCall.open(server.asyncStub()).send(header("broken"));
        IngestCall.chunks(0, rows("B", 2_000), 500).forEach(broken::send);
        IngestCall misused = IngestCall.open(server.asyncStub()).send(header("misused"));
        IngestCall.chunks(0, rows("M", 1_000), 500).forEach(misused::send);
        misused.send(IngestCall.chunk(5_000, rows("M", 10)));
        List<ProductRow> badRows = new ArrayList<>(rows("E", 1_000));
        badRows.replaceAll(row ->
                row.getSku().endsWith("7") ? row.toBuilder().setCurrency("XX").build() : row);
        CompletableFuture<IngestCall.Result> overBudget = CompletableFuture.supplyAsync(() -> IngestCall.run(
                server.asyncStub(), concat(IngestCall.header("over-budget", 5), IngestCall.chunks(0, badRows, 250))));

        List<IngestSummary> summaries = loads.stream()
                .map(CompletableFuture::join)
                .map(IngestCall.Result::summary)
                .toList();
        broken.breakOff();
        Status misuse = misused.await().status();
        IngestSummary failed = overBudget.join().summary();

        assertThat(summaries).allSatisfy(s -> {
            assertThat(s.getState()).isEqualTo(JobState.COMPLETED);
            assertThat(s.getInserted()).isEqualTo(3_000);
        });
        assertThat(misuse.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(failed.getState()).isEqualTo(JobState.FAILED);
        assertThat(ProductTable.count(server.jdbi(), "SELECT count(*) FROM products WHERE sku LIKE 'S%'"))
                .isEqualTo(24_000);
        awaitBudgetUnused();
    }

    private static List<IngestRequest> concat(IngestRequest first, List<IngestRequest> rest) {
        List<IngestRequest> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }

    private static List<ProductRow> rows(String prefix, int count) {
        List<ProductRow> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            rows.add(row(String.format("%s-%06d", prefix, i), 0));
        }
        return rows;
    }

    /** Releases follow the last batches on the writer threads: wait for them, a minute at most. */
    private static void awaitBudgetUnused() {
        Conditions.await(
                "every byte of the memory budget is given back", Duration.ofMinutes(1), () -> budgetUsed() == 0);
    }

    private static long budgetUsed() {
        return Rest.ok("http://localhost:" + server.adminPort() + "/metrics")
                .get("gauges")
                .get(MetricRegistry.name("ingest", "memory", "used-bytes"))
                .get("value")
                .asLong();
    }
}
