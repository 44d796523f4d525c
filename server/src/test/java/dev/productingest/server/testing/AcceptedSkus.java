package dev.productingest.server.testing;

import dev.productingest.rules.RowValidator;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * SKUs the row rules accept, drawn from a seeded {@link Random} so that a failure can be run again: code points of
 * every general category the rules let through (letters, marks, numbers, punctuation, symbols, format characters,
 * private use, unassigned), the ASCII that URIs give a meaning to ({@code / % \ . ? # ; + &} and the rest), percent
 * signs that look like encodings, dot segments, emoji sequences, up to the longest SKU the rules take. Only Unicode
 * scalar values: a lone surrogate has no UTF-8 form, so no producer can send one.
 */
public final class AcceptedSkus {
    /**
     * Real SKUs that paths make hard: slashes, percent signs, dot segments, a backslash, non-ASCII, an emoji, URI
     * delimiters.
     */
    public static final List<String> NAMED = List.of(
            "A/B-1",
            "S/M/L",
            "C%D",
            "..",
            ".",
            "x/../y",
            "back\\slash",
            "%2F",
            "É-ü",
            "\uD83D\uDCE6",
            "a+b",
            "x?y",
            "#h",
            "p;q");

    private static final String[] URI_ASCII = {
        "/", "//", "%", "%2F", "%25", "%2e", "%%", "%zz", "%00", "\\", ".", "..", "+", "?", "#", ";", "&", "=", ":",
        "@", "*", "'", "\"", "<", ">", "[", "]", "{", "}", "|", "^", "`", "~", "!", "$", "(", ")", ",", "-", "_"
    };
    private static final String[] WHOLE = {
        ".", "..", "...", "/", "//", "%", "%2E%2E", "./a", "a/.", "../a", "a/..", "/a", "a/", "\\..\\", ".%2E", "..;",
        ";..", "?", "#", "&sku=x"
    };
    private static final String[] EMOJI = {
        "\uD83D\uDE00",
        "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67",
        "\uD83C\uDDEB\uD83C\uDDF7",
        "\uD83D\uDC4D\uD83C\uDFFD",
        "1\uFE0F\u20E3",
        "\u2764\uFE0F"
    };
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final List<int[]> BY_CATEGORY = byCategory();

    private AcceptedSkus() {}

    /** {@code count} distinct SKUs the rules accept, the same ones for the same seed. */
    public static List<String> draw(long seed, int count) {
        Random random = new Random(seed);
        Set<String> skus = new LinkedHashSet<>();
        while (skus.size() < count) {
            String sku = random.nextInt(10) == 0 ? WHOLE[random.nextInt(WHOLE.length)] : compose(random);
            if (RowValidator.validateSku(sku).isEmpty()) {
                skus.add(sku);
            }
        }
        return List.copyOf(skus);
    }

    /** A SKU's characters as code points, for a failure message that shows what the terminal would not. */
    public static String codePoints(String sku) {
        return sku.codePoints()
                .mapToObj(c -> String.format("U+%04X", c))
                .collect(Collectors.joining(" ", "'" + sku + "' (", ")"));
    }

    private static String compose(Random random) {
        int length = 1 + (random.nextBoolean() ? random.nextInt(8) : random.nextInt(RowValidator.MAX_SKU));
        StringBuilder sku = new StringBuilder();
        while (sku.codePointCount(0, sku.length()) < length) {
            int kind = random.nextInt(20);
            if (kind < 8) {
                int[] category = BY_CATEGORY.get(random.nextInt(BY_CATEGORY.size()));
                sku.appendCodePoint(category[random.nextInt(category.length)]);
            } else if (kind < 14) {
                sku.append(URI_ASCII[random.nextInt(URI_ASCII.length)]);
            } else if (kind < 17) {
                sku.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
            } else {
                sku.append(EMOJI[random.nextInt(EMOJI.length)]);
            }
        }
        return sku.substring(0, sku.offsetByCodePoints(0, Math.min(length, sku.codePointCount(0, sku.length()))));
    }

    /** Every code point the rules accept alone, grouped by its general category. */
    private static List<int[]> byCategory() {
        List<List<Integer>> groups = new ArrayList<>();
        for (int i = 0; i <= Byte.MAX_VALUE; i++) {
            groups.add(new ArrayList<>());
        }
        for (int c = 0; c <= Character.MAX_CODE_POINT; c++) {
            if (Character.getType(c) != Character.SURROGATE
                    && RowValidator.validateSku(Character.toString(c)).isEmpty()) {
                groups.get(Character.getType(c)).add(c);
            }
        }
        return groups.stream()
                .filter(g -> !g.isEmpty())
                .map(g -> g.stream().mapToInt(Integer::intValue).toArray())
                .toList();
    }
}
