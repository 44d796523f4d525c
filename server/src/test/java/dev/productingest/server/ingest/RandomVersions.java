package dev.productingest.server.ingest;

import dev.productingest.server.testing.Products;
import dev.productingest.v1.FieldGroup;
import dev.productingest.v1.ProductRow;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A random mix of whole rows, partial rows and tombstones for a few hundred SKUs, each field from a small set and each
 * version at one of a few times, so that versions of a group often tie and often share fields. Some SKUs get only price
 * and stock rows (never content: stored, not readable); some get price or stock before any content.
 */
final class RandomVersions {
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

    private static final List<FieldGroup> C = List.of(FieldGroup.CONTENT);
    private static final List<FieldGroup> P = List.of(FieldGroup.PRICE);
    private static final List<FieldGroup> S = List.of(FieldGroup.STOCK);
    private static final List<FieldGroup> CP = List.of(FieldGroup.CONTENT, FieldGroup.PRICE);
    private static final List<FieldGroup> CS = List.of(FieldGroup.CONTENT, FieldGroup.STOCK);
    private static final List<FieldGroup> PS = List.of(FieldGroup.PRICE, FieldGroup.STOCK);
    private static final List<List<FieldGroup>> PARTIAL = List.of(C, P, S, CP, CS, PS);
    private static final List<List<FieldGroup>> WITHOUT_CONTENT = List.of(P, S, PS);
    private static final List<List<FieldGroup>> WITH_CONTENT = List.of(List.of(), C, CP, CS);

    /**
     * The rows in a random order, and the SKUs whose rows without content must reach the server before their others.
     */
    record Mix(List<ProductRow> rows, Set<String> contentLast) {
        /**
         * The rows dealt to producers at random, each keeping the mix's order, but all of a content-last SKU's rows to
         * one producer, its rows without content first.
         */
        List<List<ProductRow>> deal(Random random, int producers) {
            List<List<ProductRow>> dealt = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                dealt.add(new ArrayList<>());
            }
            Map<String, Integer> producerOf = new HashMap<>();
            for (ProductRow row : rows) {
                int p = contentLast.contains(row.getSku())
                        ? producerOf.computeIfAbsent(row.getSku(), sku -> random.nextInt(producers))
                        : random.nextInt(producers);
                dealt.get(p).add(row);
            }
            dealt.forEach(this::putContentLast);
            return dealt;
        }

        /** Reorders the content-last SKUs' rows among the places they hold, the ones without content first. */
        private void putContentLast(List<ProductRow> sent) {
            List<Integer> places = new ArrayList<>();
            List<ProductRow> theirs = new ArrayList<>();
            for (int i = 0; i < sent.size(); i++) {
                if (contentLast.contains(sent.get(i).getSku())) {
                    places.add(i);
                    theirs.add(sent.get(i));
                }
            }
            theirs.sort((a, b) -> Boolean.compare(carriesContent(a), carriesContent(b)));
            for (int i = 0; i < places.size(); i++) {
                sent.set(places.get(i), theirs.get(i));
            }
        }
    }

    private final Random random;
    private final int times;

    private RandomVersions(Random random) {
        this.random = random;
        this.times = 1 + random.nextInt(3);
    }

    static Mix draw(Random random, String skuPrefix) {
        return new RandomVersions(random).mix(skuPrefix);
    }

    private Mix mix(String skuPrefix) {
        int skus = 30 + random.nextInt(201);
        List<ProductRow> rows = new ArrayList<>();
        Set<String> contentLast = new HashSet<>();
        for (int s = 0; s < skus; s++) {
            String sku = skuPrefix + s;
            int kind = random.nextInt(20);
            if (kind < 3) {
                for (int n = 1 + random.nextInt(3); n > 0; n--) {
                    rows.add(carrying(sku, pick(WITHOUT_CONTENT)));
                }
            } else if (kind < 8) {
                contentLast.add(sku);
                rows.add(carrying(sku, pick(WITHOUT_CONTENT)));
                rows.add(carrying(sku, pick(WITH_CONTENT)));
                for (int n = random.nextInt(3); n > 0; n--) {
                    rows.add(any(sku));
                }
            } else {
                for (int n = 1 + random.nextInt(3); n > 0; n--) {
                    rows.add(any(sku));
                }
            }
        }
        Collections.shuffle(rows, random);
        return new Mix(rows, contentLast);
    }

    private ProductRow any(String sku) {
        return switch (random.nextInt(6)) {
            case 0 ->
                ProductRow.newBuilder()
                        .setSku(sku)
                        .setUpdatedAt(Products.at(random.nextInt(times)))
                        .setDeleted(true)
                        .build();
            case 1, 2 -> carrying(sku, List.of());
            default -> carrying(sku, pick(PARTIAL));
        };
    }

    /** A row carrying {@code groups} (none named: all of them), named in a random order, the other fields unset. */
    private ProductRow carrying(String sku, List<FieldGroup> groups) {
        ProductRow.Builder row = ProductRow.newBuilder().setSku(sku).setUpdatedAt(Products.at(random.nextInt(times)));
        List<FieldGroup> named = new ArrayList<>(groups);
        Collections.shuffle(named, random);
        row.addAllGroups(named);
        if (groups.isEmpty() || groups.contains(FieldGroup.CONTENT)) {
            row.setName(pick(NAMES))
                    .setDescription(pick(TEXTS))
                    .setCategory(pick(TEXTS))
                    .setActive(random.nextBoolean())
                    .putAllAttributes(pick(ATTRIBUTES));
        }
        if (groups.isEmpty() || groups.contains(FieldGroup.PRICE)) {
            row.setPriceMinor(random.nextInt(3) == 0 ? 0 : 100 * random.nextInt(3))
                    .setCurrency(pick(CURRENCIES));
        }
        if (groups.isEmpty() || groups.contains(FieldGroup.STOCK)) {
            row.setStock(random.nextInt(3));
        }
        return row.build();
    }

    private static boolean carriesContent(ProductRow row) {
        return ReferenceWinners.carried(row).contains(FieldGroup.CONTENT);
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }
}
