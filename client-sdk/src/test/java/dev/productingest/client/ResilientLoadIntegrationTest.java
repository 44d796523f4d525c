package dev.productingest.client;

import static dev.productingest.server.testing.Products.catalog;
import static org.assertj.core.api.Assertions.assertThat;

import dev.productingest.server.testing.Conditions;
import dev.productingest.server.testing.ProductTable;
import dev.productingest.server.testing.TestServer;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.JobState;
import dev.productingest.v1.ProductRow;
import io.dropwizard.testing.ConfigOverride;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The SDK outlasts its server: stopped mid-load and started again, the load resumes and its counts are exact. */
class ResilientLoadIntegrationTest {

    @Test
    void aServerStoppedAndRestartedMidLoadEndsWithExactCountsAndTable() throws Exception {
        int port = freePort();
        ConfigOverride fixedPort = ConfigOverride.config("grpc.port", String.valueOf(port));
        ConfigOverride shortLease = ConfigOverride.config("ingest.lease", "2s");
        List<ProductRow> rows = catalog(12_000, 0);
        CountDownLatch restarted = new CountDownLatch(1);
        AtomicInteger opened = new AtomicInteger();
        // The first pass stops after 6000 rows until the server has been restarted; later passes run through.
        Callable<RowSource> sources =
                () -> new PausingSource(rows.iterator(), opened.incrementAndGet() == 1 ? 6_000 : -1, restarted);

        TestServer first = TestServer.start(fixedPort, shortLease);
        TestServer second = null;
        try (IngestClient client = IngestClient.builder("localhost:" + port)
                .retry(new RetryPolicy(30, Duration.ofMillis(100), Duration.ofSeconds(1)))
                .build()) {
            CompletableFuture<IngestSummary> load =
                    client.loadAsync(IngestOptions.defaults().withJobId("restarted"), sources);
            awaitCommitted(first, "restarted", 5_000);

            first.close();
            second = first.startAnother(fixedPort, shortLease);
            restarted.countDown();
            IngestSummary summary = load.get(90, TimeUnit.SECONDS);

            assertThat(summary.getState()).isEqualTo(JobState.COMPLETED);
            assertThat(summary.getReceived()).isEqualTo(12_000);
            assertThat(summary.getInserted()).isEqualTo(12_000);
            assertThat(summary.getUpdated() + summary.getUnchanged() + summary.getStale() + summary.getRejected())
                    .isZero();
            assertThat(opened.get()).as("the source was opened again to resume").isGreaterThan(1);
            Map<String, ProductRow> table = ProductTable.read(second.jdbi());
            assertThat(table).hasSize(12_000);
            rows.forEach(r -> assertThat(table.get(r.getSku())).isEqualTo(r));
        } finally {
            restarted.countDown();
            if (second != null) {
                second.close();
            }
        }
    }

    private static void awaitCommitted(TestServer server, String jobId, long offset) {
        Conditions.await(
                "job " + jobId + " commits " + offset + " rows",
                () -> server.jdbi()
                                .withHandle(h -> h.createQuery(
                                                "SELECT committed_offset FROM ingest_jobs WHERE job_id = :id")
                                        .bind("id", jobId)
                                        .mapTo(Long.class)
                                        .findOne()
                                        .orElse(0L))
                        >= offset);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Rows that stop coming after {@code pauseAfter} until the latch opens (never, with -1). */
    private static final class PausingSource implements RowSource {
        private final Iterator<ProductRow> rows;
        private final int pauseAfter;
        private final CountDownLatch resume;
        private int read;

        PausingSource(Iterator<ProductRow> rows, int pauseAfter, CountDownLatch resume) {
            this.rows = rows;
            this.pauseAfter = pauseAfter;
            this.resume = resume;
        }

        @Override
        public boolean hasNext() {
            if (read == pauseAfter) {
                try {
                    resume.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return rows.hasNext();
        }

        @Override
        public SourceRow next() {
            read++;
            return SourceRow.of(rows.next());
        }

        @Override
        public void close() {}
    }
}
