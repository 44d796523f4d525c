package dev.productingest.client.examples;

import com.google.protobuf.Timestamp;
import dev.productingest.client.IngestClient;
import dev.productingest.client.IngestOptions;
import dev.productingest.client.RowSource;
import dev.productingest.rules.Money;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.ProductRow;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A producer's program: its own product type, mapped to rows, loaded with progress and retries. Run it against a server
 * on the default port:
 *
 * <pre>java -cp client-sdk/target/product-ingest-cli.jar dev.productingest.client.examples.LoadFromCode localhost:50051
 * </pre>
 */
public final class LoadFromCode {
    /** How the producer's own code holds a product. */
    record ShopItem(String code, String title, BigDecimal price, String currency, int onHand, Instant changed) {}

    private LoadFromCode() {}

    public static void main(String[] args) throws Exception {
        String server = args.length > 0 ? args[0] : "localhost:50051";
        List<ShopItem> items = List.of(
                new ShopItem(
                        "MUG-RED",
                        "Red mug",
                        new BigDecimal("12.50"),
                        "EUR",
                        40,
                        Instant.parse("2024-05-01T12:00:00Z")),
                new ShopItem(
                        "MUG-BLUE",
                        "Blue mug",
                        new BigDecimal("12.50"),
                        "EUR",
                        0,
                        Instant.parse("2024-05-01T12:00:00Z")),
                new ShopItem(
                        "TEA-SENCHA",
                        "Sencha, 100 g",
                        new BigDecimal("1200"),
                        "JPY",
                        7,
                        Instant.parse("2024-05-02T08:30:00Z")));

        try (IngestClient client = IngestClient.builder(server)
                .onProgress(
                        Duration.ofSeconds(1),
                        p -> System.err.printf("%d of %d rows committed%n", p.rowsCommitted(), items.size()))
                .build()) {
            IngestOptions options = IngestOptions.defaults()
                    .withJobId("example-" + Instant.now().getEpochSecond())
                    .withSource("LoadFromCode")
                    .withExpectedRows((long) items.size());
            // A callable source can be opened again, so the load resumes after a server restart.
            IngestSummary summary = client.load(options, () -> RowSource.of(items.iterator(), LoadFromCode::row));
            System.out.printf(
                    "job %s %s: inserted %d, updated %d, unchanged %d, rejected %d%n",
                    summary.getJobId(),
                    summary.getState(),
                    summary.getInserted(),
                    summary.getUpdated(),
                    summary.getUnchanged(),
                    summary.getRejected());
        }
    }

    /** The mapper: prices in minor units by the currency's own fraction digits, never rounded. */
    static ProductRow row(ShopItem item) {
        return ProductRow.newBuilder()
                .setSku(item.code())
                .setName(item.title())
                .setPriceMinor(Money.toMinorUnits(item.price().toPlainString(), Money.currency(item.currency())))
                .setCurrency(item.currency())
                .setStock(item.onHand())
                .setActive(item.onHand() > 0)
                .setUpdatedAt(Timestamp.newBuilder()
                        .setSeconds(item.changed().getEpochSecond())
                        .setNanos(item.changed().getNano()))
                .build();
    }
}
