package dev.productingest.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.TextFormat;
import dev.productingest.server.testing.IngestCall;
import dev.productingest.server.testing.ProductTable;
import dev.productingest.server.testing.StoredProduct;
import dev.productingest.server.testing.TestServer;
import dev.productingest.v1.IngestRequest;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.JobState;
import dev.productingest.v1.ProductRow;
import io.dropwizard.testing.ConfigOverride;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The stored table does not depend on arrival: random mixes of whole rows, partial rows (price, stock, content and
 * their pairs) and tombstones, with many versions of a group at one {@code updated_at}, sent in random orders, jobs,
 * chunks and concurrent producers, always store what {@link ReferenceWinners} says, group by group: the content of the
 * readable products, every product's price and stock, and each group's version. Every job's counts add up, and a row
 * older in every group it carries than what jobs already finished sent counts stale.
 *
 * <p>Each run draws its seed and names it, with the case, in every failure: {@code -Dorder.seed=...} replays the run,
 * {@code -Dorder.case=...} only that case of it.
 */
class OrderIndependenceIntegrationTest {
    private static final int CASES = 200;
    // Small batches, so a case's few hundred rows make many of them, cut at many places.
    private static final int BATCH_ROWS = 16;
    private static final int MAX_PRODUCERS = 3;

    @RegisterExtension
    static final TestServer server =
            TestServer.perClass(ConfigOverride.config("ingest.batchRows", String.valueOf(BATCH_ROWS)));

    // Threads of their own: the common pool of a two-core machine runs one task at a time.
    private static final ExecutorService PRODUCERS = Executors.newFixedThreadPool(MAX_PRODUCERS);

    @AfterAll
    static void stopProducers() {
        PRODUCERS.shutdownNow();
    }

    /** A job's rows and the requests that send them. */
    private record Job(String id, List<ProductRow> rows, List<IngestRequest> requests) {}

    @Test
    void theStoredTableIsEachGroupsReferenceWinnerWhateverTheArrivalOrder() {
        long seed = Long.getLong("order.seed", new Random().nextLong());
        int only = Integer.getInteger("order.case", -1);
        Random random = new Random(seed);
        for (int c = 0; c < CASES; c++) {
            // Drawn for every case, so that a case replayed alone gets the rows it had in the whole run.
            Random caseRandom = new Random(random.nextLong());
            if (only >= 0 && only != c) {
                continue;
            }
            try {
                runCase(caseRandom, "c" + c + "-");
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(
                        "case " + c + " of seed " + seed + " (replay with -Dorder.seed=" + seed + " -Dorder.case=" + c
                                + "): " + e.getMessage(),
                        e);
            }
        }
    }

    private static void runCase(Random random, String prefix) {
        RandomVersions.Mix mix = RandomVersions.draw(random, prefix + "SKU-");
        int producers = 2 + random.nextInt(MAX_PRODUCERS - 1);
        List<List<ProductRow>> dealt = mix.deal(random, producers);
        List<List<Job>> jobsByProducer = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            jobsByProducer.add(jobs(random, prefix + "p" + p + "-", dealt.get(p)));
        }

        // What the jobs that have ended sent: the table holds at least these versions.
        ReferenceWinners finished = new ReferenceWinners();
        List<IngestSummary> summaries = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Void>> running = new ArrayList<>();
        for (List<Job> jobs : jobsByProducer) {
            running.add(CompletableFuture.runAsync(
                    () -> jobs.forEach(job -> summaries.add(send(job, finished))), PRODUCERS));
        }
        CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();

        ReferenceWinners reference = new ReferenceWinners();
        mix.rows().forEach(reference::add);
        Map<String, StoredProduct> expected = reference.expected();
        compare(expected, ProductTable.stored(server.jdbi(), prefix), mix.rows());

        // A product readable at the end was made readable by some row, and a deleted one deleted by some row.
        long readable =
                expected.values().stream().filter(StoredProduct::readable).count();
        long deleted = expected.values().stream().filter(StoredProduct::deleted).count();
        assertThat(summaries.stream().mapToLong(IngestSummary::getInserted).sum())
                .as("rows counted inserted, at least the %d readable products", readable)
                .isGreaterThanOrEqualTo(readable);
        assertThat(summaries.stream().mapToLong(IngestSummary::getDeleted).sum())
                .as("rows counted deleted, at least the %d deleted products", deleted)
                .isGreaterThanOrEqualTo(deleted);
    }

    private static IngestSummary send(Job job, ReferenceWinners finished) {
        long mustBeStale;
        synchronized (finished) {
            mustBeStale = job.rows().stream().filter(finished::losesEveryGroup).count();
        }
        IngestCall.Result result = IngestCall.run(server.asyncStub(), job.requests());
        assertThat(result.ok()).as("%s: %s", job.id(), result.status()).isTrue();
        IngestSummary s = result.summary();
        assertThat(s.getState()).as("%s: %s", job.id(), s.getError()).isEqualTo(JobState.COMPLETED);
        assertThat(s.getRejected())
                .as("%s rejected valid rows: %s", job.id(), s.getFirstRejectsList())
                .isZero();
        assertThat(s.getReceived())
                .as("%s: rows received", job.id())
                .isEqualTo(job.rows().size());
        assertThat(s.getInserted()
                        + s.getUpdated()
                        + s.getUnchanged()
                        + s.getStale()
                        + s.getDeleted()
                        + s.getRejected())
                .as("%s: the outcomes of its rows add up to received: %s", job.id(), TextFormat.shortDebugString(s))
                .isEqualTo(s.getReceived());
        assertThat(s.getStale())
                .as(
                        "%s: rows older in every group they carry than jobs that had ended sent count stale: %s",
                        job.id(), TextFormat.shortDebugString(s))
                .isGreaterThanOrEqualTo(mustBeStale);
        synchronized (finished) {
            job.rows().forEach(finished::add);
        }
        return s;
    }

    private static void compare(
            Map<String, StoredProduct> expected, Map<String, StoredProduct> stored, List<ProductRow> sent) {
        List<String> wrong = new ArrayList<>();
        expected.forEach((sku, product) -> {
            if (!product.equals(stored.get(sku))) {
                wrong.add(sku);
            }
        });
        stored.keySet().stream()
                .filter(sku -> !expected.containsKey(sku))
                .sorted()
                .forEach(wrong::add);
        List<String> shown = wrong.subList(0, Math.min(5, wrong.size())).stream()
                .map(sku -> "\n" + sku + ":\n  expected " + expected.get(sku) + "\n  stored   " + stored.get(sku)
                        + "\n  sent" + sentFor(sku, sent))
                .toList();
        assertThat(shown)
                .as("%d of %d SKUs differ from the reference", wrong.size(), expected.size())
                .isEmpty();
    }

    private static String sentFor(String sku, List<ProductRow> sent) {
        StringBuilder s = new StringBuilder();
        sent.stream()
                .filter(row -> row.getSku().equals(sku))
                .forEach(row -> s.append("\n    {")
                        .append(TextFormat.shortDebugString(row))
                        .append('}'));
        return s.toString();
    }

    /** A producer's rows as jobs of random lengths, each sent in chunks of random sizes. */
    private static List<Job> jobs(Random random, String jobPrefix, List<ProductRow> rows) {
        List<Job> jobs = new ArrayList<>();
        for (int from = 0; from < rows.size(); ) {
            int to = Math.min(rows.size(), from + 1 + random.nextInt(8 * BATCH_ROWS));
            String id = jobPrefix + "j" + jobs.size();
            List<ProductRow> jobRows = rows.subList(from, to);
            List<IngestRequest> requests = new ArrayList<>();
            requests.add(IngestCall.header(id));
            for (int offset = 0; offset < jobRows.size(); ) {
                int end = Math.min(jobRows.size(), offset + 1 + random.nextInt(BATCH_ROWS * 2));
                requests.add(IngestCall.chunk(offset, jobRows.subList(offset, end)));
                offset = end;
            }
            jobs.add(new Job(id, jobRows, requests));
            from = to;
        }
        return jobs;
    }
}
