package dev.productingest.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.TextFormat;
import dev.productingest.server.store.Timestamps;
import dev.productingest.server.testing.IngestCall;
import dev.productingest.server.testing.ProductTable;
import dev.productingest.server.testing.Products;
import dev.productingest.server.testing.TestServer;
import dev.productingest.v1.IngestRequest;
import dev.productingest.v1.JobState;
import dev.productingest.v1.ProductRow;
import io.dropwizard.testing.ConfigOverride;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The stored table does not depend on arrival: random mixes of whole rows and tombstones, with many versions of a SKU
 * at one {@code updated_at}, sent in random orders, jobs, chunks and concurrent producers, always store what a
 * reference model of the winner rule says. The model is written here apart from the server's code: per SKU the greatest
 * {@code updated_at}; on a tie a tombstone, else the greater content, field by field as docs/loads.md lists them, text
 * by its UTF-8 bytes.
 *
 * <p>Each run draws its seed ({@code -Dorder.seed=...} replays one) and names it in every failure.
 */
class OrderIndependenceIntegrationTest {
    private static final int CASES = 200;
    // Small batches, so a case's few hundred rows make many of them, cut at many places.
    private static final int BATCH_ROWS = 16;
    private static final int MAX_PRODUCERS = 3;

    @RegisterExtension
    static final TestServer server =
            TestServer.perClass(ConfigOverride.config("ingest.batchRows", String.valueOf(BATCH_ROWS)));

    // Text whose UTF-16 order is not its code point order (U+FF21 sorts before U+1F600 in UTF-16, after it by code
    // point).
    private static final String[] NAMES = {"Mug", "Mug", "Mug", "Mugs", "mug", "\uFF21", "\uD83D\uDE00", "Müg"};
    private static final String[] TEXTS = {"", "", "a", "b", "\uFF21", "\uD83D\uDE00"};
    private static final String[] CURRENCIES = {"EUR", "EUR", "USD"};
    private static final List<Map<String, String>> ATTRIBUTES = List.of(
            Map.of(),
            Map.of(),
            Map.of("colour", "red"),
            Map.of("colour", "blue"),
            Map.of("colour", "red", "size", "L"),
            Map.of("size", "L"),
            Map.of("\uD83D\uDE00", "x"),
            Map.of("\uFF21", "x"));

    // Threads of their own: the common pool of a two-core machine runs one task at a time.
    private static final ExecutorService PRODUCERS = Executors.newFixedThreadPool(MAX_PRODUCERS);

    @AfterAll
    static void stopProducers() {
        PRODUCERS.shutdownNow();
    }

    @Test
    void theStoredTableIsTheReferenceWinnerWhateverTheArrivalOrder() {
        long seed = Long.getLong("order.seed", new Random().nextLong());
        Random random = new Random(seed);
        for (int c = 0; c < CASES; c++) {
            runCase(new Random(random.nextLong()), "c" + c + "-", "seed " + seed + ", case " + c);
        }
    }

    private static void runCase(Random random, String prefix, String replay) {
        int skus = 50 + random.nextInt(251);
        int rows = skus + random.nextInt(skus);
        int times = 1 + random.nextInt(3);
        List<ProductRow> versions = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            versions.add(version(random, prefix + "SKU-" + random.nextInt(skus), times));
        }
        Collections.shuffle(versions, random);

        int producers = 2 + random.nextInt(MAX_PRODUCERS - 1);
        List<List<ProductRow>> byProducer = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            byProducer.add(new ArrayList<>());
        }
        versions.forEach(v -> byProducer.get(random.nextInt(producers)).add(v));

        List<CompletableFuture<Void>> running = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            List<List<IngestRequest>> jobs = jobs(random, prefix + "p" + p + "-", byProducer.get(p));
            running.add(CompletableFuture.runAsync(
                    () -> jobs.forEach(job -> {
                        IngestCall.Result result = IngestCall.run(server.asyncStub(), job);
                        assertThat(result.ok())
                                .as("%s: %s", replay, result.status())
                                .isTrue();
                        assertThat(result.summary().getState()).as(replay).isEqualTo(JobState.COMPLETED);
                    }),
                    PRODUCERS));
        }
        CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();

        // A live product as its row, a deleted one as its tombstone's time.
        Map<String, Object> expected = new TreeMap<>();
        reference(versions)
                .forEach((sku, winner) -> expected.put(sku, winner.getDeleted() ? tombstoneAt(winner) : winner));
        Map<String, Object> stored = new TreeMap<>();
        stored.putAll(ProductTable.read(server.jdbi(), prefix));
        ProductTable.tombstones(server.jdbi(), prefix).forEach((sku, at) -> stored.put(sku, "tombstone at " + at));
        List<String> wrong = new ArrayList<>();
        expected.forEach((sku, state) -> {
            if (!state.equals(stored.get(sku))) {
                wrong.add(sku + ": expected " + text(state) + ", stored " + text(stored.get(sku)));
            }
        });
        stored.keySet().stream()
                .filter(sku -> !expected.containsKey(sku))
                .forEach(sku -> wrong.add(sku + ": never sent, stored"));
        assertThat(wrong.subList(0, Math.min(5, wrong.size())))
                .as(
                        "%d of %d SKUs differ from the reference; replay with -Dorder.seed: %s",
                        wrong.size(), expected.size(), replay)
                .isEmpty();
    }

    private static String tombstoneAt(ProductRow tombstone) {
        return "tombstone at " + Timestamps.toInstant(tombstone.getUpdatedAt());
    }

    private static String text(Object state) {
        return state instanceof ProductRow row ? "{" + TextFormat.shortDebugString(row) + "}" : String.valueOf(state);
    }

    /** A producer's rows as jobs of random lengths, each sent in chunks of random sizes. */
    private static List<List<IngestRequest>> jobs(Random random, String jobPrefix, List<ProductRow> rows) {
        List<List<IngestRequest>> jobs = new ArrayList<>();
        for (int from = 0; from < rows.size(); ) {
            int to = Math.min(rows.size(), from + 1 + random.nextInt(6 * BATCH_ROWS));
            List<ProductRow> jobRows = rows.subList(from, to);
            List<IngestRequest> requests = new ArrayList<>();
            requests.add(IngestCall.header(jobPrefix + "j" + jobs.size()));
            for (int offset = 0; offset < jobRows.size(); ) {
                int end = Math.min(jobRows.size(), offset + 1 + random.nextInt(BATCH_ROWS * 2));
                requests.add(IngestCall.chunk(offset, jobRows.subList(offset, end)));
                offset = end;
            }
            jobs.add(requests);
            from = to;
        }
        return jobs;
    }

    /**
     * A tombstone or a live version of {@code sku}, each field from a small set, so that versions often tie and often
     * share fields.
     */
    private static ProductRow version(Random random, String sku, int times) {
        ProductRow.Builder row = ProductRow.newBuilder().setSku(sku).setUpdatedAt(Products.at(random.nextInt(times)));
        if (random.nextInt(5) == 0) {
            return row.setDeleted(true).build();
        }
        return row.setName(pick(random, NAMES))
                .setDescription(pick(random, TEXTS))
                .setCategory(pick(random, TEXTS))
                .setPriceMinor(random.nextInt(3) == 0 ? 0 : 100 * random.nextInt(3))
                .setCurrency(pick(random, CURRENCIES))
                .setStock(random.nextInt(3))
                .setActive(random.nextBoolean())
                .putAllAttributes(ATTRIBUTES.get(random.nextInt(ATTRIBUTES.size())))
                .build();
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    /** Per SKU, the greatest version by the rule below. */
    private static Map<String, ProductRow> reference(List<ProductRow> versions) {
        Map<String, ProductRow> winners = new HashMap<>();
        for (ProductRow v : versions) {
            winners.merge(v.getSku(), v, (a, b) -> WINNER_RULE.compare(a, b) >= 0 ? a : b);
        }
        return winners;
    }

    private static final Comparator<ProductRow> WINNER_RULE = Comparator.comparing(
                    (ProductRow r) -> Timestamps.toInstant(r.getUpdatedAt()))
            .thenComparing(ProductRow::getDeleted)
            .thenComparing(OrderIndependenceIntegrationTest::content, OrderIndependenceIntegrationTest::compareContent);

    private static List<Object> content(ProductRow r) {
        if (r.getDeleted()) {
            return List.of(); // two tombstones of one time are the same version
        }
        return List.of(
                r.getName(),
                r.getDescription(),
                r.getCategory(),
                r.getPriceMinor(),
                r.getCurrency(),
                r.getStock(),
                r.getActive(),
                new TreeMap<>(r.getAttributesMap()));
    }

    @SuppressWarnings("unchecked")
    private static int compareContent(List<Object> a, List<Object> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return Integer.compare(a.size(), b.size());
        }
        for (int i = 0; i < a.size(); i++) {
            Object x = a.get(i);
            Object y = b.get(i);
            int c = x instanceof String s
                    ? utf8(s, (String) y)
                    : x instanceof Map<?, ?> m
                            ? attributes((Map<String, String>) m, (Map<String, String>) y)
                            : ((Comparable<Object>) x).compareTo(y);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static int utf8(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /** Entries sorted by key (UTF-8 bytes), compared key then value; a map that is the other's start is the lesser. */
    private static int attributes(Map<String, String> a, Map<String, String> b) {
        Function<Map<String, String>, List<Map.Entry<String, String>>> sorted = m -> m.entrySet().stream()
                .sorted((x, y) -> utf8(x.getKey(), y.getKey()))
                .map(e -> Map.entry(e.getKey(), e.getValue()))
                .toList();
        List<Map.Entry<String, String>> x = sorted.apply(a);
        List<Map.Entry<String, String>> y = sorted.apply(b);
        for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
            int c = utf8(x.get(i).getKey(), y.get(i).getKey());
            if (c == 0) {
                c = utf8(x.get(i).getValue(), y.get(i).getValue());
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.size(), y.size());
    }
}
