package dev.productingest.server.store;

import static dev.productingest.server.testing.Products.price;
import static dev.productingest.server.testing.Products.row;
import static dev.productingest.server.testing.Products.stock;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.productingest.server.testing.Products;
import dev.productingest.server.testing.TestServer;
import dev.productingest.v1.FieldGroup;
import dev.productingest.v1.ProductRow;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The versions a locking read gives back are those the insert stored, group by group. */
class StoredVersionsIntegrationTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    private final ProductStore products = new ProductStore(new ObjectMapper());

    @Test
    void eachGroupReadsBackItsOwnVersionTheContentsOrNone() {
        ProductRow whole = row("V-WHOLE", 3);
        ProductRow content = row("V-SPLIT", 4);
        ProductRow newerPrice = price("V-SPLIT", 900, "EUR", 7);
        ProductRow priceOnly = price("V-PRICE", 500, "EUR", 5);
        ProductRow stockOnly = stock("V-STOCK", 8, 6);
        ProductRow contentOnly =
                row("V-CONTENT", 2).toBuilder().addGroups(FieldGroup.CONTENT).build();
        // Before the Gregorian calendar's start (1582), where java.sql.Timestamp counts in the Julian one.
        long year1000 = Instant.parse("1000-01-01T00:00:00Z").getEpochSecond() - Products.BASE_SECONDS;
        ProductRow oldContent = row("V-OLD", year1000 + 86_400);
        ProductRow oldStock = stock("V-OLD", 3, year1000);
        try (Handle h = server.jdbi().open()) {
            h.useTransaction(t -> products.insertNew(
                    t,
                    List.of(
                            new ProductVersions("V-WHOLE", whole, whole, whole),
                            new ProductVersions("V-SPLIT", content, newerPrice, content),
                            new ProductVersions("V-PRICE", null, priceOnly, null),
                            new ProductVersions("V-STOCK", null, null, stockOnly),
                            new ProductVersions("V-CONTENT", contentOnly, null, null),
                            new ProductVersions("V-OLD", oldContent, oldContent, oldStock))));

            // Several reads of each statement, with the content and without: the driver prepares a statement on the
            // server once it has run it as often as its prepare threshold says, and may read results in binary
            // from then on, so both forms are read.
            List<String> skus = List.of("V-CONTENT", "V-OLD", "V-PRICE", "V-SPLIT", "V-STOCK", "V-WHOLE");
            for (int read = 0; read < 12; read++) {
                boolean withContent = read % 2 == 0;
                Map<String, StoredVersion> stored = h.inTransaction(
                        t -> withContent ? products.lockCurrent(t, skus) : products.lockVersions(t, skus));

                assertThat(versions(stored.get("V-WHOLE"))).containsExactly(at(whole), at(whole), at(whole));
                assertThat(versions(stored.get("V-SPLIT"))).containsExactly(at(content), at(newerPrice), at(content));
                assertThat(versions(stored.get("V-PRICE"))).containsExactly(null, at(priceOnly), null);
                assertThat(versions(stored.get("V-STOCK"))).containsExactly(null, null, at(stockOnly));
                assertThat(versions(stored.get("V-CONTENT"))).containsExactly(at(contentOnly), null, null);
                assertThat(versions(stored.get("V-OLD"))).containsExactly(at(oldContent), at(oldContent), at(oldStock));
            }
        }
    }

    @Test
    void versionsReadWithoutContentGetItFromTheContentReadAfter() {
        ProductRow tied = row("T-TIED", 3);
        ProductRow other = row("T-OTHER", 3);
        try (Handle h = server.jdbi().open()) {
            h.useTransaction(t -> products.insertNew(
                    t,
                    List.of(
                            new ProductVersions("T-OTHER", other, other, other),
                            new ProductVersions("T-TIED", tied, tied, tied))));

            h.useTransaction(t -> {
                Map<String, StoredVersion> stored = products.lockVersions(t, List.of("T-OTHER", "T-TIED"));
                for (ProductRow sent : List.of(other, tied)) {
                    StoredVersion lean = stored.get(sent.getSku());
                    assertThat(lean.name()).as(sent.getSku()).isNull();
                    assertThat(lean.attributes()).as(sent.getSku()).isNull();
                    assertThat(versions(lean)).as(sent.getSku()).containsExactly(at(sent), at(sent), at(sent));
                    assertThat(lean.priceMinor()).as(sent.getSku()).isEqualTo(sent.getPriceMinor());
                    assertThat(lean.currency()).as(sent.getSku()).isEqualTo(sent.getCurrency());
                    assertThat(lean.stock()).as(sent.getSku()).isEqualTo(sent.getStock());
                }

                products.readContent(t, stored, List.of("T-TIED"));

                StoredVersion read = stored.get("T-TIED");
                assertThat(VersionOrder.content(StoredVersion.of(tied), read)).isZero();
                assertThat(read.attributes()).isEqualTo(tied.getAttributesMap());
                assertThat(versions(read)).containsExactly(at(tied), at(tied), at(tied));
                assertThat(read.priceMinor()).isEqualTo(tied.getPriceMinor());
                assertThat(stored.get("T-OTHER").name()).isNull();
            });
        }
    }

    @Test
    void everyStatementStoresAVersionToTheMicrosecondFromYearOneTo9999() {
        List<Instant> versions = List.of(
                Instant.parse("0001-01-01T00:00:00Z"),
                Instant.parse("0001-01-01T00:00:00.000001Z"),
                Instant.parse("1000-06-15T12:34:56.789012Z"),
                Instant.parse("1969-12-31T23:59:59.999999Z"),
                Instant.parse("1970-01-01T00:00:00.000001Z"),
                Instant.parse("2024-05-01T12:00:00.123456Z"),
                Instant.parse("9999-12-31T23:59:59.999999Z"));
        List<String> skus = List.of("E-CONTENT", "E-DELETED", "E-PRICE", "E-STOCK", "E-WHOLE");
        try (Handle h = server.jdbi().open()) {
            h.useTransaction(t -> products.insertNew(
                    t,
                    skus.stream()
                            .map(sku -> {
                                ProductRow row = row(sku, 0);
                                return new ProductVersions(sku, row, row, row);
                            })
                            .toList()));

            for (Instant version : versions) {
                h.useTransaction(t -> {
                    products.update(t, List.of(at(row("E-WHOLE", 0), version)));
                    products.updateContent(t, List.of(at(row("E-CONTENT", 0), version)));
                    products.updatePrice(t, List.of(at(price("E-PRICE", 1, "EUR", 0), version)));
                    products.updateStock(t, List.of(at(stock("E-STOCK", 1, 0), version)));
                    products.delete(t, List.of(at(Products.tombstone("E-DELETED", 0), version)));
                });

                Map<String, StoredVersion> stored = h.inTransaction(t -> products.lockVersions(t, skus));

                assertThat(stored.get("E-WHOLE").updatedAt()).isEqualTo(version);
                assertThat(stored.get("E-CONTENT").updatedAt()).isEqualTo(version);
                assertThat(stored.get("E-PRICE").priceUpdatedAt()).isEqualTo(version);
                assertThat(stored.get("E-STOCK").stockUpdatedAt()).isEqualTo(version);
                assertThat(stored.get("E-DELETED").updatedAt()).isEqualTo(version);
                assertThat(stored.get("E-DELETED").deleted()).isTrue();
            }
        }
    }

    private static ProductRow at(ProductRow row, Instant version) {
        return row.toBuilder()
                .setUpdatedAt(com.google.protobuf.Timestamp.newBuilder()
                        .setSeconds(version.getEpochSecond())
                        .setNanos(version.getNano()))
                .build();
    }

    private static Instant[] versions(StoredVersion v) {
        return new Instant[] {v.updatedAt(), v.priceUpdatedAt(), v.stockUpdatedAt()};
    }

    private static Instant at(ProductRow row) {
        return Instant.ofEpochSecond(
                row.getUpdatedAt().getSeconds(), row.getUpdatedAt().getNanos());
    }
}
