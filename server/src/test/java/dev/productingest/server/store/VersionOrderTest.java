package dev.productingest.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VersionOrderTest {
    private static final Instant T = Instant.parse("2024-01-01T00:00:00.000123Z");
    private static final StoredVersion BASE = live("Mug", "", "kitchen", 100, "EUR", 1, true, Map.of(), T);

    @Test
    void theGreaterUpdatedAtWinsWhateverTheContent() {
        StoredVersion newer = live("A", "", "", 0, "EUR", 0, false, Map.of(), T.plusNanos(1_000));

        assertThat(VersionOrder.content(newer, BASE)).isPositive();
        assertThat(VersionOrder.content(BASE, newer)).isNegative();
        assertThat(VersionOrder.content(tombstone(T.minusSeconds(1)), BASE)).isNegative();
    }

    @Test
    void onATieATombstoneWinsOverALiveVersionAndTwoTombstonesAreTheSameVersion() {
        assertThat(VersionOrder.content(tombstone(T), BASE)).isPositive();
        assertThat(VersionOrder.content(BASE, tombstone(T))).isNegative();
        StoredVersion tombstoneKeepingFields =
                new StoredVersion("Mug", "", "kitchen", 100, "EUR", 1, true, Map.of(), T, true, T, T);
        assertThat(VersionOrder.content(tombstone(T), tombstoneKeepingFields)).isZero();
    }

    @Test
    void contentIsComparedOnlyBetweenLiveVersionsOfTheSameTimeAndIsNotNeededElsewhere() {
        StoredVersion newer = live("A", "", "", 0, "EUR", 0, false, Map.of(), T.plusNanos(1_000));
        StoredVersion never = live("A", "", "", 0, "EUR", 0, false, Map.of(), null);
        StoredVersion sameTime = live("Cup", "", "kitchen", 100, "EUR", 1, true, Map.of(), T);
        assertThat(VersionOrder.comparesContent(sameTime, BASE)).isTrue();

        // Every other pair is ordered as it is when the stored side's content was never read.
        for (StoredVersion other : List.of(newer, never, tombstone(T), tombstone(T.minusSeconds(1)))) {
            assertThat(VersionOrder.comparesContent(other, BASE))
                    .as("%s", other)
                    .isFalse();
            assertThat(VersionOrder.content(other, unread(BASE)))
                    .as("%s", other)
                    .isEqualTo(VersionOrder.content(other, BASE));
        }
        assertThat(VersionOrder.comparesContent(tombstone(T), tombstone(T))).isFalse();
        assertThat(VersionOrder.content(tombstone(T), unread(tombstone(T)))).isZero();
    }

    /** As a lock-read without content leaves a stored version. */
    private static StoredVersion unread(StoredVersion v) {
        return new StoredVersion(
                null,
                null,
                null,
                v.priceMinor(),
                v.currency(),
                v.stock(),
                false,
                null,
                v.updatedAt(),
                v.deleted(),
                v.priceUpdatedAt(),
                v.stockUpdatedAt());
    }

    @Test
    void onATieEqualContentIsTheSameVersion() {
        StoredVersion same = live("Mug", "", "kitchen", 100, "EUR", 1, true, Map.of(), T);

        assertThat(VersionOrder.content(same, BASE)).isZero();
    }

    @Test
    void onATieTheFirstDifferingContentFieldInTheDocumentedOrderDecides() {
        // Version i is the last one's content but lesser in field i, so between two of them the earlier field decides.
        // Price and stock differ the other way round, and are not the content's to decide.
        List<StoredVersion> ascending = List.of(
                live("A", "b", "b", 9, "USD", 9, true, Map.of("k", "w"), T),
                live("B", "a", "b", 8, "USD", 8, true, Map.of("k", "w"), T),
                live("B", "b", "a", 7, "USD", 7, true, Map.of("k", "w"), T),
                live("B", "b", "b", 6, "USD", 6, false, Map.of("k", "w"), T),
                live("B", "b", "b", 5, "USD", 5, true, Map.of("k", "v"), T),
                live("B", "b", "b", 4, "USD", 4, true, Map.of("k", "w"), T));
        for (int i = 0; i < ascending.size(); i++) {
            for (int j = 0; j < ascending.size(); j++) {
                assertThat(Integer.signum(VersionOrder.content(ascending.get(i), ascending.get(j))))
                        .as("version %d against %d", i, j)
                        .isEqualTo(Integer.compare(i, j));
            }
        }
    }

    @Test
    void onATiePriceComparesTheAmountThenTheCurrencyAndStockItsCount() {
        StoredVersion base = live("Mug", "", "", 100, "EUR", 1, true, Map.of(), T);

        assertThat(VersionOrder.price(live("Z", "", "", 99, "USD", 1, true, Map.of(), T), base))
                .isNegative();
        assertThat(VersionOrder.price(live("A", "", "", 100, "USD", 0, true, Map.of(), T), base))
                .isPositive();
        assertThat(VersionOrder.price(live("A", "", "", 100, "EUR", 0, false, Map.of(), T), base))
                .isZero();
        assertThat(VersionOrder.stock(live("Z", "", "", 999, "USD", 0, true, Map.of(), T), base))
                .isNegative();
        assertThat(VersionOrder.stock(live("A", "", "", 0, "CHF", 1, true, Map.of(), T), base))
                .isZero();
    }

    @Test
    void eachGroupIsOrderedByItsOwnVersionAndOneThatNeverArrivedIsTheLeast() {
        StoredVersion stockOnly = new StoredVersion("", "", "", 0, "", 5, false, Map.of(), null, false, null, T);
        StoredVersion whole = live("Mug", "", "", 100, "EUR", 1, true, Map.of(), T.minusSeconds(60));

        assertThat(VersionOrder.content(stockOnly, whole)).isNegative();
        assertThat(VersionOrder.price(stockOnly, whole)).isNegative();
        assertThat(VersionOrder.stock(stockOnly, whole)).isPositive();
        assertThat(VersionOrder.content(stockOnly, stockOnly)).isZero();
    }

    @Test
    void attributesCompareAsSortedEntriesKeyThenValueAndAShorterStartIsLesser() {
        assertThat(VersionOrder.content(withAttributes(Map.of("a", "z")), withAttributes(Map.of("b", "a"))))
                .isNegative();
        assertThat(VersionOrder.content(withAttributes(Map.of("a", "1")), withAttributes(Map.of("a", "2"))))
                .isNegative();
        assertThat(VersionOrder.content(withAttributes(Map.of("a", "1")), withAttributes(Map.of("a", "1", "b", "0"))))
                .isNegative();
        assertThat(VersionOrder.content(withAttributes(Map.of()), withAttributes(Map.of("a", ""))))
                .isNegative();
        // Sorted before comparing: both start with key "a", whose values decide.
        assertThat(VersionOrder.content(
                        withAttributes(Map.of("b", "1", "a", "2")), withAttributes(Map.of("a", "1", "c", "0"))))
                .isPositive();
    }

    @Test
    void textComparesByCodePointWhichIsTheOrderOfItsUtf8Bytes() {
        // UTF-16 puts U+1F600 (a surrogate pair, D83D DE00) before U+FF21; code points and UTF-8 put it after.
        String emoji = "\uD83D\uDE00";
        String fullwidthA = "\uFF21";
        assertThat(emoji.compareTo(fullwidthA))
                .as("Java's own order is UTF-16's")
                .isNegative();
        assertThat(VersionOrder.text(emoji, fullwidthA)).isPositive();

        List<String> texts = new ArrayList<>(List.of(
                "",
                "a",
                "ab",
                "b",
                "Z",
                "é",
                "\u00FF",
                "\u07FF",
                "\u0800",
                "\uD7FF",
                "\uE000",
                fullwidthA,
                "\uFFFF",
                "\uD800\uDC00",
                emoji,
                "\uDBFF\uDFFF",
                "a" + emoji,
                "a" + fullwidthA,
                emoji + "a"));
        for (String a : texts) {
            for (String b : texts) {
                assertThat(Integer.signum(VersionOrder.text(a, b)))
                        .as("'%s' against '%s'", a, b)
                        .isEqualTo(Integer.signum(Arrays.compareUnsigned(
                                a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8))));
            }
        }
    }

    private static StoredVersion withAttributes(Map<String, String> attributes) {
        return live("Mug", "", "kitchen", 100, "EUR", 1, true, attributes, T);
    }

    private static StoredVersion live(
            String name,
            String description,
            String category,
            long price,
            String currency,
            int stock,
            boolean active,
            Map<String, String> attributes,
            Instant at) {
        return new StoredVersion(
                name, description, category, price, currency, stock, active, attributes, at, false, at, at);
    }

    private static StoredVersion tombstone(Instant at) {
        return new StoredVersion("", "", "", 0, "", 0, false, Map.of(), at, true, null, null);
    }
}
