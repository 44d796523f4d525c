package dev.productingest.perf;

import com.google.protobuf.Timestamp;
import dev.productingest.client.IngestClient;
import dev.productingest.client.IngestOptions;
import dev.productingest.client.RetryPolicy;
import dev.productingest.client.RowSource;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.ProductRow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;

/**
 * Many producers loading at once through the SDK, each over a connection of its own, as separate processes would: the
 * even ones on SKUs of their own, the odd ones sending revisions of the same SKUs, where producer k's revision is k
 * seconds newer, so the last odd producer must win every shared SKU. Rows carry a description of
 * {@code descriptionBytes}, to load a server's memory.
 */
record ManyProducers(int producers, int rowsEach, int descriptionBytes) {
    private static final long BASE_SECONDS = 1_704_067_200L; // 2024-01-01T00:00:00Z

    /** Producers beyond the server's stream limits are refused and retry: patient enough for 200 of them. */
    static RetryPolicy patientRetry() {
        return new RetryPolicy(40, Duration.ofMillis(500), Duration.ofSeconds(8));
    }

    /** Runs every producer against {@code target} and returns their summaries, in producer order. */
    List<IngestSummary> run(String target, String jobPrefix) throws Exception {
        List<IngestClient> clients = new ArrayList<>();
        List<CompletableFuture<IngestSummary>> loads = new ArrayList<>();
        try {
            for (int k = 0; k < producers; k++) {
                IngestClient client =
                        IngestClient.builder(target).retry(patientRetry()).build();
                clients.add(client);
                int producer = k;
                loads.add(client.loadAsync(
                        IngestOptions.defaults().withJobId(jobId(jobPrefix, k)).withSource("many-producers"),
                        () -> RowSource.of(LongStream.range(0, rowsEach)
                                .mapToObj(i -> row(producer, i))
                                .iterator())));
            }
            List<IngestSummary> summaries = new ArrayList<>();
            for (CompletableFuture<IngestSummary> load : loads) {
                summaries.add(load.join());
            }
            return summaries;
        } finally {
            for (IngestClient client : clients) {
                client.close();
            }
        }
    }

    static String jobId(String prefix, int producer) {
        return prefix + "-p" + producer;
    }

    List<String> jobIds(String prefix) {
        List<String> ids = new ArrayList<>();
        for (int k = 0; k < producers; k++) {
            ids.add(jobId(prefix, k));
        }
        return ids;
    }

    long rows() {
        return (long) producers * rowsEach;
    }

    long ownSkus() {
        return (long) ((producers + 1) / 2) * rowsEach;
    }

    long sharedSkus() {
        return producers > 1 ? rowsEach : 0;
    }

    /** The version time of the newest shared revision: every shared SKU must carry it. */
    Instant newestSharedRevision() {
        int lastOdd = producers % 2 == 0 ? producers - 1 : producers - 2;
        return Instant.ofEpochSecond(BASE_SECONDS + lastOdd);
    }

    /** Checks every job completed and every row was counted once, and that the newest revision won. */
    void check(Checks checks, String scenario, String jobPrefix) {
        Checks.Counts c = checks.jobs(jobIds(jobPrefix));
        checks.expect(scenario + ": jobs completed", producers, c.completed());
        checks.expect(scenario + ": rows received", rows(), c.received());
        checks.expect(
                scenario + ": every row counted once",
                rows(),
                c.inserted() + c.updated() + c.unchanged() + c.stale() + c.rejected());
        checks.expect(scenario + ": SKUs inserted", ownSkus() + sharedSkus(), c.inserted());
        checks.expect(scenario + ": products", ownSkus() + sharedSkus(), checks.products());
        checks.expect(
                scenario + ": the newest revision wins every shared SKU",
                sharedSkus(),
                checks.productsUpdatedSince(newestSharedRevision()));
    }

    ProductRow row(int producer, long i) {
        boolean shared = producer % 2 == 1;
        long seconds = shared ? BASE_SECONDS + producer : BASE_SECONDS;
        if (descriptionBytes == 0) {
            String sku = shared ? String.format("S%06d", i) : String.format("P%03d%05d", producer, i);
            return ProductRow.newBuilder()
                    .setSku(sku)
                    .setName("n")
                    .setCurrency("EUR")
                    .setUpdatedAt(Timestamp.newBuilder().setSeconds(seconds))
                    .build();
        }
        String sku = shared ? String.format("SHARED-%07d", i) : String.format("P%03d-%07d", producer, i);
        return ProductRow.newBuilder()
                .setSku(sku)
                .setName("Product " + sku + " from producer " + producer)
                .setDescription(description(producer, i))
                .setCategory("category-" + (i % 20))
                .setPriceMinor(100 + (i * 7 + producer) % 10_000)
                .setCurrency("EUR")
                .setStock(producer)
                .setActive(true)
                .setUpdatedAt(Timestamp.newBuilder().setSeconds(seconds))
                .putAttributes("producer", Integer.toString(producer))
                .build();
    }

    private String description(int producer, long i) {
        StringBuilder text = new StringBuilder(descriptionBytes);
        String words =
                "A product of producer " + producer + ", row " + i + ", described at length for a rich catalog. ";
        while (text.length() < descriptionBytes) {
            text.append(words);
        }
        text.setLength(descriptionBytes);
        return text.toString();
    }
}
