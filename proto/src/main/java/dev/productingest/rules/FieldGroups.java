package dev.productingest.rules;

import dev.productingest.v1.FieldGroup;
import dev.productingest.v1.ProductRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The field groups a row carries, as a set of bits: a row is read once per writer step, so the set is an {@code int},
 * not an {@code EnumSet} made for every row.
 */
public final class FieldGroups {
    public static final int CONTENT = 1;
    public static final int PRICE = 2;
    public static final int STOCK = 4;
    /** A whole product: what a row naming no group carries. */
    public static final int ALL = CONTENT | PRICE | STOCK;

    /** The set bit of a group that is none of the three (unset, or a value this version does not know). */
    private static final int UNKNOWN = 8;

    private FieldGroups() {}

    /** The groups the row carries; a tombstone carries none (it is a version of the product, not of its fields). */
    public static int of(ProductRow row) {
        if (row.getDeleted()) {
            return 0;
        }
        int n = row.getGroupsCount();
        if (n == 0) {
            return ALL;
        }
        int groups = 0;
        for (int i = 0; i < n; i++) {
            groups |= bit(row.getGroupsValue(i));
        }
        return groups & ALL;
    }

    /** Whether the row names a group that is none of CONTENT, PRICE and STOCK. */
    static boolean namesUnknown(ProductRow row) {
        for (int i = 0; i < row.getGroupsCount(); i++) {
            if (bit(row.getGroupsValue(i)) == UNKNOWN) {
                return true;
            }
        }
        return false;
    }

    public static boolean whole(int groups) {
        return groups == ALL;
    }

    public static boolean has(int groups, int group) {
        return (groups & group) != 0;
    }

    /** The proto groups a set names, for a row that carries them: none for a whole product. */
    public static List<FieldGroup> named(int groups) {
        return whole(groups) ? List.of() : listed(groups);
    }

    /** "content", "price, stock": for messages. */
    public static String describe(int groups) {
        StringBuilder s = new StringBuilder();
        for (FieldGroup group : listed(groups)) {
            s.append(s.isEmpty() ? "" : ", ").append(group.name().toLowerCase(Locale.ROOT));
        }
        return s.toString();
    }

    private static List<FieldGroup> listed(int groups) {
        List<FieldGroup> named = new ArrayList<>(3);
        if (has(groups, CONTENT)) {
            named.add(FieldGroup.CONTENT);
        }
        if (has(groups, PRICE)) {
            named.add(FieldGroup.PRICE);
        }
        if (has(groups, STOCK)) {
            named.add(FieldGroup.STOCK);
        }
        return named;
    }

    private static int bit(int groupValue) {
        return switch (groupValue) {
            case FieldGroup.CONTENT_VALUE -> CONTENT;
            case FieldGroup.PRICE_VALUE -> PRICE;
            case FieldGroup.STOCK_VALUE -> STOCK;
            default -> UNKNOWN;
        };
    }
}
