package dev.productingest.server.ingest;

import dev.productingest.server.testing.StoredProduct;
import dev.productingest.v1.FieldGroup;
import dev.productingest.v1.ProductRow;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The winner rule per SKU and field group, written apart from the server's code, so that a test can tell what the table
 * must hold whatever the order rows arrived in. Each group a row carries is a version of that group: the greatest
 * {@code updated_at} wins; on a tie the group's content decides (content: name, description, category, active,
 * attributes; price: price_minor, then currency; stock: stock), text by its UTF-8 bytes (code point order). A tombstone
 * is a content version that wins a tie with live content. A product is readable when its greatest content version is
 * live.
 */
final class ReferenceWinners {
    private static final List<FieldGroup> GROUPS = List.of(FieldGroup.CONTENT, FieldGroup.PRICE, FieldGroup.STOCK);

    private static final Comparator<String> UTF8 =
            (a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    private static final Comparator<ProductRow> BY_TIME = Comparator.comparing(ReferenceWinners::at);
    private static final Comparator<ProductRow> LIVE_CONTENT = Comparator.comparing(ProductRow::getName, UTF8)
            .thenComparing(ProductRow::getDescription, UTF8)
            .thenComparing(ProductRow::getCategory, UTF8)
            .thenComparing(ProductRow::getActive)
            .thenComparing(ProductRow::getAttributesMap, ReferenceWinners::compareAttributes);
    private static final Map<FieldGroup, Comparator<ProductRow>> ORDERS = Map.of(
            FieldGroup.CONTENT,
            BY_TIME.thenComparing(ProductRow::getDeleted)
                    // Two tombstones of one time are one version.
                    .thenComparing((a, b) -> a.getDeleted() ? 0 : LIVE_CONTENT.compare(a, b)),
            FieldGroup.PRICE,
            BY_TIME.thenComparingLong(ProductRow::getPriceMinor).thenComparing(ProductRow::getCurrency, UTF8),
            FieldGroup.STOCK,
            BY_TIME.thenComparingInt(ProductRow::getStock));

    /** Per SKU, the greatest version of each group that arrived. */
    private final Map<String, Map<FieldGroup, ProductRow>> winners = new HashMap<>();

    void add(ProductRow row) {
        Map<FieldGroup, ProductRow> groups =
                winners.computeIfAbsent(row.getSku(), sku -> new EnumMap<>(FieldGroup.class));
        for (FieldGroup group : carried(row)) {
            groups.merge(
                    group,
                    row,
                    (stored, incoming) -> ORDERS.get(group).compare(incoming, stored) > 0 ? incoming : stored);
        }
    }

    /**
     * Whether every group the row carries is older, by the rule, than the greatest version of it already here: such a
     * row can write nothing once these versions are stored.
     */
    boolean losesEveryGroup(ProductRow row) {
        Map<FieldGroup, ProductRow> groups = winners.getOrDefault(row.getSku(), Map.of());
        return carried(row).stream().allMatch(group -> {
            ProductRow winner = groups.get(group);
            return winner != null && ORDERS.get(group).compare(row, winner) < 0;
        });
    }

    /** What the table must hold for each SKU that arrived. */
    Map<String, StoredProduct> expected() {
        Map<String, StoredProduct> expected = new TreeMap<>();
        winners.forEach((sku, groups) -> expected.put(sku, expected(groups)));
        return expected;
    }

    private static StoredProduct expected(Map<FieldGroup, ProductRow> groups) {
        ProductRow content = groups.get(FieldGroup.CONTENT);
        ProductRow price = groups.get(FieldGroup.PRICE);
        ProductRow stock = groups.get(FieldGroup.STOCK);
        return new StoredProduct(
                content == null
                        ? new StoredProduct.NoContent()
                        : content.getDeleted()
                                ? new StoredProduct.Deleted(at(content))
                                : new StoredProduct.Live(
                                        content.getName(),
                                        content.getDescription(),
                                        content.getCategory(),
                                        content.getActive(),
                                        content.getAttributesMap(),
                                        at(content)),
                price == null ? null : new StoredProduct.Price(price.getPriceMinor(), price.getCurrency(), at(price)),
                stock == null ? null : new StoredProduct.Stock(stock.getStock(), at(stock)));
    }

    /** The groups a row is a version of: a tombstone is a content version; a row naming none carries all three. */
    static List<FieldGroup> carried(ProductRow row) {
        if (row.getDeleted()) {
            return List.of(FieldGroup.CONTENT);
        }
        return row.getGroupsCount() == 0
                ? GROUPS
                : GROUPS.stream().filter(row.getGroupsList()::contains).toList();
    }

    private static Instant at(ProductRow row) {
        return Instant.ofEpochSecond(
                row.getUpdatedAt().getSeconds(), row.getUpdatedAt().getNanos());
    }

    /** Entries sorted by key (UTF-8 bytes), compared key then value; a map that is the other's start is the lesser. */
    private static int compareAttributes(Map<String, String> a, Map<String, String> b) {
        List<Map.Entry<String, String>> x = sorted(a);
        List<Map.Entry<String, String>> y = sorted(b);
        for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
            int c = UTF8.compare(x.get(i).getKey(), y.get(i).getKey());
            if (c == 0) {
                c = UTF8.compare(x.get(i).getValue(), y.get(i).getValue());
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.size(), y.size());
    }

    private static List<Map.Entry<String, String>> sorted(Map<String, String> m) {
        return m.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(UTF8))
                .map(e -> Map.entry(e.getKey(), e.getValue()))
                .toList();
    }
}
