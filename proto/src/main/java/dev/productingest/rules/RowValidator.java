package dev.productingest.rules;

import com.google.protobuf.Timestamp;
import dev.productingest.v1.ProductRow;
import java.util.Map;
import java.util.Optional;

/**
 * The rules of a valid product row. The server applies them to every row it receives and the SDK's dry run applies the
 * same ones, so the two always agree.
 */
public final class RowValidator {
    public static final int MAX_SKU = 64;
    public static final int MAX_NAME = 512;
    public static final int MAX_DESCRIPTION = 8192;
    public static final int MAX_CATEGORY = 256;
    public static final int MAX_ATTRIBUTES = 64;
    public static final int MAX_ATTRIBUTE_KEY = 128;
    public static final int MAX_ATTRIBUTE_VALUE = 1024;

    // What a decoder writes where bytes were not in the encoding it assumed. In a catalog it is that
    // mistake, never a product's text, so it is refused rather than stored for good (U+FFFD itself
    // says nothing of the bytes it stands for).
    private static final char REPLACEMENT = '\uFFFD';
    private static final String DECODED_WRONG =
            " contains U+FFFD, the replacement character a decoder leaves where the bytes were"
                    + " not in the encoding it assumed: read the source in its own encoding";

    // google.protobuf.Timestamp's own range: 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59Z.
    private static final long MIN_SECONDS = -62_135_596_800L;
    private static final long MAX_SECONDS = 253_402_300_799L;

    private RowValidator() {}

    /** The first rule the row breaks, or empty when the row is valid. */
    public static Optional<RowViolation> validate(ProductRow row) {
        return Optional.ofNullable(firstViolation(row));
    }

    /** What is wrong with a SKU, when something is: the rule for rows, and for SKUs asked for by readers. */
    public static Optional<RowViolation> validateSku(String sku) {
        return Optional.ofNullable(skuViolation(sku));
    }

    private static RowViolation skuViolation(String sku) {
        if (sku.isEmpty()) {
            return new RowViolation("sku", "sku is empty");
        }
        if (sku.length() > MAX_SKU && sku.codePointCount(0, sku.length()) > MAX_SKU) {
            return new RowViolation("sku", "sku is longer than " + MAX_SKU + " characters");
        }
        if (hasSpaceOrControl(sku)) {
            return new RowViolation("sku", "sku contains whitespace or a control character");
        }
        if (sku.indexOf(REPLACEMENT) >= 0) {
            return new RowViolation("sku", "sku" + DECODED_WRONG);
        }
        return null;
    }

    private static RowViolation firstViolation(ProductRow row) {
        RowViolation sku = skuViolation(row.getSku());
        if (sku != null) {
            return sku;
        }
        if (row.getDeleted()) {
            if (row.getGroupsCount() > 0) {
                return new RowViolation("groups", "a tombstone deletes the whole product: it names no groups");
            }
            // A tombstone is a SKU and a version; whatever else it carries is never stored.
            return updatedAtViolation(row);
        }
        if (FieldGroups.namesUnknown(row)) {
            return new RowViolation("groups", "groups names a group other than CONTENT, PRICE and STOCK");
        }
        int groups = FieldGroups.of(row);
        RowViolation unnamed = unnamedGroupViolation(row, groups);
        if (unnamed != null) {
            return unnamed;
        }
        if (FieldGroups.has(groups, FieldGroups.CONTENT)) {
            if (row.getName().isBlank()) {
                return new RowViolation("name", "name is empty");
            }
            RowViolation text = firstTextViolation(row);
            if (text != null) {
                return text;
            }
        }
        if (FieldGroups.has(groups, FieldGroups.PRICE)) {
            if (row.getPriceMinor() < 0) {
                return new RowViolation("price_minor", "price is negative: " + row.getPriceMinor());
            }
            try {
                Money.currency(row.getCurrency());
            } catch (IllegalArgumentException e) {
                return new RowViolation("currency", "currency " + e.getMessage());
            }
        }
        if (row.getStock() < 0) {
            return new RowViolation("stock", "stock is negative: " + row.getStock());
        }
        RowViolation updatedAt = updatedAtViolation(row);
        if (updatedAt != null) {
            return updatedAt;
        }
        return attributesViolation(row.getAttributesMap());
    }

    /**
     * A field set in a group the row does not name would be dropped unread: refused instead, so that a producer that
     * meant to send it learns so.
     */
    private static RowViolation unnamedGroupViolation(ProductRow row, int groups) {
        if (!FieldGroups.has(groups, FieldGroups.CONTENT)) {
            String field = !row.getName().isEmpty()
                    ? "name"
                    : !row.getDescription().isEmpty()
                            ? "description"
                            : !row.getCategory().isEmpty()
                                    ? "category"
                                    : row.getActive() ? "active" : row.getAttributesCount() > 0 ? "attributes" : null;
            if (field != null) {
                return notNamed(field, "content", groups);
            }
        }
        if (!FieldGroups.has(groups, FieldGroups.PRICE)) {
            if (row.getPriceMinor() != 0) {
                return notNamed("price_minor", "price", groups);
            }
            if (!row.getCurrency().isEmpty()) {
                return notNamed("currency", "price", groups);
            }
        }
        if (!FieldGroups.has(groups, FieldGroups.STOCK) && row.getStock() != 0) {
            return notNamed("stock", "stock", groups);
        }
        return null;
    }

    private static RowViolation notNamed(String field, String group, int groups) {
        return new RowViolation(
                field,
                field + " belongs to the " + group + " group, which the row does not name (it names "
                        + FieldGroups.describe(groups) + "): add " + group.toUpperCase(java.util.Locale.ROOT)
                        + " to its groups or leave " + field + " unset");
    }

    // A loop, not codePoints().anyMatch(): this runs for every row received. In ASCII, whitespace
    // and control characters are exactly those up to the space, and DEL; only the rest asks Character.
    private static boolean hasSpaceOrControl(String s) {
        for (int i = 0; i < s.length(); ) {
            char ascii = s.charAt(i);
            if (ascii < 0x80) {
                if (ascii <= ' ' || ascii == 0x7F) {
                    return true;
                }
                i++;
                continue;
            }
            int c = s.codePointAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)) {
                return true;
            }
            i += Character.charCount(c);
        }
        return false;
    }

    private static RowViolation firstTextViolation(ProductRow row) {
        RowViolation v = textViolation("name", row.getName(), MAX_NAME);
        if (v == null) {
            v = textViolation("description", row.getDescription(), MAX_DESCRIPTION);
        }
        if (v == null) {
            v = textViolation("category", row.getCategory(), MAX_CATEGORY);
        }
        return v;
    }

    private static RowViolation textViolation(String field, String value, int max) {
        if (value.length() > max && value.codePointCount(0, value.length()) > max) {
            return new RowViolation(field, field + " is longer than " + max + " characters");
        }
        // PostgreSQL text and jsonb cannot hold U+0000.
        if (value.indexOf('\0') >= 0) {
            return new RowViolation(field, field + " contains a NUL character");
        }
        if (value.indexOf(REPLACEMENT) >= 0) {
            return new RowViolation(field, field + DECODED_WRONG);
        }
        return null;
    }

    private static RowViolation updatedAtViolation(ProductRow row) {
        if (!row.hasUpdatedAt()) {
            return new RowViolation("updated_at", "updated_at is missing");
        }
        Timestamp t = row.getUpdatedAt();
        if (t.getSeconds() < MIN_SECONDS
                || t.getSeconds() > MAX_SECONDS
                || t.getNanos() < 0
                || t.getNanos() > 999_999_999) {
            return new RowViolation("updated_at", "updated_at is outside 0001-01-01..9999-12-31");
        }
        if (t.getNanos() % 1000 != 0) {
            // Stored as microseconds: truncating would change the version silently.
            return new RowViolation("updated_at", "updated_at has sub-microsecond precision");
        }
        return null;
    }

    private static RowViolation attributesViolation(Map<String, String> attributes) {
        if (attributes.size() > MAX_ATTRIBUTES) {
            return new RowViolation("attributes", "more than " + MAX_ATTRIBUTES + " attributes");
        }
        for (Map.Entry<String, String> e : attributes.entrySet()) {
            if (e.getKey().isEmpty() || e.getKey().length() > MAX_ATTRIBUTE_KEY) {
                return new RowViolation(
                        "attributes",
                        "attribute key '" + e.getKey() + "' is not 1.." + MAX_ATTRIBUTE_KEY + " characters");
            }
            if (e.getValue().length() > MAX_ATTRIBUTE_VALUE) {
                return new RowViolation(
                        "attributes",
                        "attribute '" + e.getKey() + "' is longer than " + MAX_ATTRIBUTE_VALUE + " characters");
            }
            if (e.getKey().indexOf('\0') >= 0 || e.getValue().indexOf('\0') >= 0) {
                return new RowViolation(
                        "attributes", "attribute '" + e.getKey().replace('\0', '?') + "' contains a NUL character");
            }
            if (e.getKey().indexOf(REPLACEMENT) >= 0 || e.getValue().indexOf(REPLACEMENT) >= 0) {
                return new RowViolation("attributes", "attribute '" + e.getKey() + "'" + DECODED_WRONG);
            }
        }
        return null;
    }
}
