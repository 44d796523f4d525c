package dev.productingest.server.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The winner rule as one total order per field group over the versions of a SKU, so that the stored row never depends
 * on arrival. Each group is compared on its own: the greater version time wins (a group that never arrived is the
 * least); at the same time the group's content decides, compared field by field in a fixed order:
 *
 * <ul>
 *   <li>content: a tombstone wins over a live version (two tombstones are the same version); of two live versions name,
 *       description, category, active (false before true), attributes (entries sorted by key, compared key then value;
 *       a map that is the start of the other is the lesser);
 *   <li>price: price_minor, then currency;
 *   <li>stock: stock.
 * </ul>
 *
 * Text compares by code point, which is the order of its UTF-8 bytes: neither Java's UTF-16 order nor a database
 * collation, which differ for characters beyond U+FFFF and between locales.
 *
 * <p>Two versions of a group equal under its order are the same version (unchanged).
 *
 * <p>One case of this order is also written in SQL, as the guard of {@link ProductStore}'s UPDATE of rows not read
 * first: a whole live row strictly newer in every group than a readable product.
 * {@code IngestIntegrationTest.afterBatchesOfChangedRowsEveryOtherRowStillFaresAsTheWinnerRuleSays} holds the two
 * together.
 */
public final class VersionOrder {
    private static final Comparator<Map.Entry<String, String>> BY_KEY = (x, y) -> text(x.getKey(), y.getKey());

    private VersionOrder() {}

    /**
     * Negative, zero or positive as {@code a}'s content (a tombstone included) loses to, is the same version as, or
     * wins over {@code b}'s.
     */
    public static int content(StoredVersion a, StoredVersion b) {
        int byTime = time(a.updatedAt(), b.updatedAt());
        return byTime != 0 || a.updatedAt() == null ? byTime : contentTie(a, b);
    }

    /** As {@link #content}, for the price group. */
    public static int price(StoredVersion a, StoredVersion b) {
        int c = time(a.priceUpdatedAt(), b.priceUpdatedAt());
        if (c != 0 || a.priceUpdatedAt() == null) {
            return c;
        }
        c = Long.compare(a.priceMinor(), b.priceMinor());
        return c != 0 ? c : text(a.currency(), b.currency());
    }

    /** As {@link #content}, for the stock group. */
    public static int stock(StoredVersion a, StoredVersion b) {
        int c = time(a.stockUpdatedAt(), b.stockUpdatedAt());
        return c != 0 || a.stockUpdatedAt() == null ? c : Integer.compare(a.stock(), b.stock());
    }

    /** A group that never arrived (null) is older than any version of it. */
    private static int time(Instant a, Instant b) {
        if (a == null || b == null) {
            return Boolean.compare(a != null, b != null);
        }
        return a.compareTo(b);
    }

    /**
     * Whether {@link #content} looks at {@code a}'s and {@code b}'s content fields, not only at their times and
     * tombstones: the same content version, neither of them a tombstone. Only then must a stored version's content have
     * been read.
     */
    public static boolean comparesContent(StoredVersion a, StoredVersion b) {
        return a.updatedAt() != null && a.updatedAt().equals(b.updatedAt()) && !a.deleted() && !b.deleted();
    }

    /**
     * The order of two content versions of one {@code updated_at}: only then is content compared, off the path of newer
     * versions.
     */
    static int contentTie(StoredVersion a, StoredVersion b) {
        if (a.deleted() || b.deleted()) {
            return Boolean.compare(a.deleted(), b.deleted());
        }
        int c = text(a.name(), b.name());
        if (c == 0) {
            c = text(a.description(), b.description());
        }
        if (c == 0) {
            c = text(a.category(), b.category());
        }
        if (c == 0) {
            c = Boolean.compare(a.active(), b.active());
        }
        if (c == 0) {
            c = attributes(a.attributes(), b.attributes());
        }
        return c;
    }

    /** Code point order, which is UTF-8 byte order, for well-formed text (all a protobuf string can be). */
    static int text(String a, String b) {
        if (a.equals(b)) {
            return 0;
        }
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                return Integer.compare(codePointRank(x), codePointRank(y));
            }
        }
        return Integer.compare(a.length(), b.length());
    }

    /**
     * At the first UTF-16 unit that differs, a surrogate stands for a code point above U+FFFF, so it must rank above
     * U+E000..U+FFFF, which UTF-16 puts after it: surrogates move up, the rest down.
     */
    private static int codePointRank(char c) {
        if (c < 0xD800) {
            return c;
        }
        return c <= 0xDFFF ? c + 0x2000 : c - 0x800;
    }

    private static int attributes(Map<String, String> a, Map<String, String> b) {
        if (a.equals(b)) {
            return 0;
        }
        List<Map.Entry<String, String>> x = sorted(a);
        List<Map.Entry<String, String>> y = sorted(b);
        int n = Math.min(x.size(), y.size());
        for (int i = 0; i < n; i++) {
            int c = text(x.get(i).getKey(), y.get(i).getKey());
            if (c == 0) {
                c = text(x.get(i).getValue(), y.get(i).getValue());
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.size(), y.size());
    }

    private static List<Map.Entry<String, String>> sorted(Map<String, String> attributes) {
        List<Map.Entry<String, String>> entries = new ArrayList<>(attributes.entrySet());
        entries.sort(BY_KEY);
        return entries;
    }
}
