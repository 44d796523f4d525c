package dev.productingest.server.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The winner rule as one total order over the versions of a SKU, so that the stored row never depends on arrival: the
 * greater {@code updated_at} wins; at the same {@code updated_at}, a tombstone wins over a live version (two tombstones
 * are the same version), and of two live versions the greater content wins, compared field by field in this fixed
 * order: name, description, category, price_minor, currency, stock, active (false before true), attributes (entries
 * sorted by key, compared key then value; a map that is the start of the other is the lesser). Text compares by code
 * point, which is the order of its UTF-8 bytes: neither Java's UTF-16 order nor a database collation, which differ for
 * characters beyond U+FFFF and between locales.
 *
 * <p>Two versions equal under this order are the same version (unchanged): two tombstones of one time, or two live
 * versions equal in every business field.
 */
public final class VersionOrder {
    private static final Comparator<Map.Entry<String, String>> BY_KEY = (x, y) -> text(x.getKey(), y.getKey());

    private VersionOrder() {}

    /** Negative, zero or positive as {@code a} loses to, is the same version as, or wins over {@code b}. */
    public static int compare(StoredVersion a, StoredVersion b) {
        int byTime = a.updatedAt().compareTo(b.updatedAt());
        return byTime != 0 ? byTime : tie(a, b);
    }

    /**
     * The order of two versions of one {@code updated_at}: only then is content compared, off the path of newer
     * versions.
     */
    public static int tie(StoredVersion a, StoredVersion b) {
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
            c = Long.compare(a.priceMinor(), b.priceMinor());
        }
        if (c == 0) {
            c = text(a.currency(), b.currency());
        }
        if (c == 0) {
            c = Integer.compare(a.stock(), b.stock());
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
