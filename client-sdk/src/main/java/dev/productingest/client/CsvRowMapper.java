package dev.productingest.client;

import com.google.protobuf.Timestamp;
import de.siegmar.fastcsv.reader.CsvRecord;
import dev.productingest.rules.DecimalMark;
import dev.productingest.rules.FieldGroups;
import dev.productingest.rules.Money;
import dev.productingest.v1.FieldGroup;
import dev.productingest.v1.ProductRow;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Maps CSV records to product rows. Columns, in any order: sku and updated_at (always required); name, with
 * description, category, active (default true) and attr.NAME for each attribute (the content group); price and currency
 * (the price group); stock (default 0); and deleted (default false). Column names are matched without regard to case or
 * surrounding spaces ({@code SKU}, {@code " Price "}); an attribute keeps the case of its NAME. A row with deleted=true
 * is a tombstone: only its sku and updated_at are read, and the other values may be empty. Prices are decimals in major
 * units, written with the {@link DecimalMark} given, converted exactly to minor units. Column positions are resolved
 * once, from the header.
 *
 * <p>The columns present decide the field groups the rows carry. A file with name, price and currency is a whole
 * product (rows name no group; stock is 0 when its column is absent, as for every file before field groups). Any other
 * file is a feed whose rows name the groups its columns carry: {@code sku,price,currency,updated_at} a price feed,
 * {@code sku,stock,updated_at} a stock feed. A file with no group's columns reads only tombstones.
 */
public final class CsvRowMapper {
    static final List<String> REQUIRED = List.of("sku", "updated_at");
    static final List<String> OPTIONAL =
            List.of("name", "description", "category", "active", "price", "currency", "stock", "deleted");
    static final String ATTRIBUTE_PREFIX = "attr.";
    // Columns of the content group that mean nothing without its name (a content group is carried whole).
    private static final List<String> CONTENT_BESIDE_NAME = List.of("description", "category", "active");
    private static final int ABSENT = -1;

    private final int columns;
    private final List<String> header;
    private final List<String> fields = new ArrayList<>();
    private final DecimalMark decimalMark;
    private final int sku;
    private final int name;
    private final int price;
    private final int currency;
    private final int updatedAt;
    private final int description;
    private final int category;
    private final int stock;
    private final int active;
    private final int deleted;
    // The groups every live row of the file carries, as FieldGroups bits; 0 for a file that only deletes.
    private final int groups;
    private final List<FieldGroup> namedGroups;
    private final List<String> attributeNames = new ArrayList<>();
    private final List<Integer> attributeColumns = new ArrayList<>();

    /** A mapper of prices with a decimal point ({@code 12.34}). */
    public CsvRowMapper(List<String> header) {
        this(header, DecimalMark.POINT);
    }

    /**
     * @param decimalMark how the prices separate their fraction
     * @throws CsvFormatException when a required column is missing, a column is unknown or named twice, or the columns
     *     carry a field group only in part
     */
    public CsvRowMapper(List<String> header, DecimalMark decimalMark) {
        this.columns = header.size();
        this.header = List.copyOf(header);
        this.decimalMark = decimalMark;
        List<String> keys = new ArrayList<>();
        for (String written : header) {
            keys.add(key(written));
        }
        for (String required : REQUIRED) {
            if (!keys.contains(required)) {
                throw new CsvFormatException("the header has no '" + required + "' column; it names " + header
                        + " and needs " + REQUIRED + " and the columns of a product or a feed");
            }
        }
        Map<String, Integer> columnOf = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String key = keys.get(i);
            if (key == null) {
                throw new CsvFormatException(
                        "unknown column '" + header.get(i).strip() + "' in the header; known columns are " + REQUIRED
                                + ", " + OPTIONAL + " and attr.NAME for attributes, in any case");
            }
            Integer earlier = columnOf.putIfAbsent(key, i);
            if (earlier != null) {
                throw new CsvFormatException("the header names the column '" + key + "' twice: column " + (earlier + 1)
                        + " '" + header.get(earlier) + "' and column " + (i + 1) + " '" + header.get(i) + "'");
            }
            if (key.startsWith(ATTRIBUTE_PREFIX)) {
                attributeNames.add(key.substring(ATTRIBUTE_PREFIX.length()));
                attributeColumns.add(i);
                fields.add("attributes");
            } else {
                fields.add(key);
            }
        }
        this.sku = columnOf.get("sku");
        this.name = columnOf.getOrDefault("name", ABSENT);
        this.price = columnOf.getOrDefault("price", ABSENT);
        this.currency = columnOf.getOrDefault("currency", ABSENT);
        this.updatedAt = columnOf.get("updated_at");
        this.description = columnOf.getOrDefault("description", ABSENT);
        this.category = columnOf.getOrDefault("category", ABSENT);
        this.stock = columnOf.getOrDefault("stock", ABSENT);
        this.active = columnOf.getOrDefault("active", ABSENT);
        this.deleted = columnOf.getOrDefault("deleted", ABSENT);
        this.groups = groups(columnOf.keySet());
        this.namedGroups = FieldGroups.named(groups);
    }

    /**
     * The groups the columns carry. Name with price and currency is a whole product whether or not stock is a column,
     * so that every file read before field groups existed reads as the same whole rows (stock 0 when absent).
     */
    private static int groups(Set<String> columns) {
        boolean name = columns.contains("name");
        if (!name) {
            List<String> content = new ArrayList<>();
            for (String column : CONTENT_BESIDE_NAME) {
                if (columns.contains(column)) {
                    content.add(column);
                }
            }
            columns.stream()
                    .filter(column -> column.startsWith(ATTRIBUTE_PREFIX))
                    .sorted()
                    .forEach(content::add);
            if (!content.isEmpty()) {
                throw new CsvFormatException("the header has " + String.join(", ", content)
                        + " but no 'name' column: these are the product's content, which is carried whole with its"
                        + " name; add a 'name' column, or leave them out of a price or stock feed");
            }
        }
        boolean price = columns.contains("price");
        if (price != columns.contains("currency")) {
            throw new CsvFormatException(
                    price
                            ? "the header has a 'price' column but no 'currency' column: add 'currency', the ISO 4217 code"
                                    + " of each price"
                            : "the header has a 'currency' column but no 'price' column: add 'price', or leave 'currency' out");
        }
        int groups = (name ? FieldGroups.CONTENT : 0)
                | (price ? FieldGroups.PRICE : 0)
                | (columns.contains("stock") ? FieldGroups.STOCK : 0);
        if (groups == 0 && !columns.contains("deleted")) {
            throw new CsvFormatException("the header carries no product fields: add name, price and currency (a"
                    + " whole product), price and currency (a price feed) or stock (a stock feed); a file that only"
                    + " deletes products has a 'deleted' column");
        }
        return name && price ? FieldGroups.ALL : groups;
    }

    /**
     * The column a header name means: a known column in lower case, or attr. and the attribute's name as written; null
     * for none.
     */
    private static String key(String written) {
        String name = written.strip();
        if (name.regionMatches(true, 0, ATTRIBUTE_PREFIX, 0, ATTRIBUTE_PREFIX.length())) {
            String attribute = name.substring(ATTRIBUTE_PREFIX.length()).strip();
            return attribute.isEmpty() ? null : ATTRIBUTE_PREFIX + attribute;
        }
        String lowerCase = name.toLowerCase(Locale.ROOT);
        return REQUIRED.contains(lowerCase) || OPTIONAL.contains(lowerCase) ? lowerCase : null;
    }

    /** The field a column holds, as rejects name it ("price", "attributes"); "row" beyond the header's columns. */
    String fieldAt(int column) {
        return column < fields.size() ? fields.get(column) : "row";
    }

    /** The column's name as the header writes it; empty beyond the header's columns. */
    String columnAt(int column) {
        return column < header.size() ? header.get(column).strip() : "";
    }

    int skuColumn() {
        return sku;
    }

    /** The row of one record, or why it cannot be read (with its line); never throws for bad values. */
    public SourceRow map(CsvRecord record) {
        if (record.getFieldCount() != columns) {
            String sku = this.sku < record.getFieldCount() ? record.getField(this.sku) : "";
            return SourceRow.unreadable(
                    sku,
                    "row",
                    where(record) + "has " + record.getFieldCount() + " values; the header names " + columns
                            + " columns");
        }
        String sku = record.getField(this.sku);
        String deletedText = flag(record, deleted);
        if (!isFlag(deletedText)) {
            return SourceRow.unreadable(
                    sku, "deleted", where(record) + "deleted '" + deletedText + "' is not true or false");
        }
        if (deletedText.equals("true")) {
            ProductRow.Builder tombstone = ProductRow.newBuilder().setSku(sku).setDeleted(true);
            SourceRow badTime = readUpdatedAt(record, tombstone);
            return badTime != null ? badTime : SourceRow.of(tombstone.build());
        }
        if (groups == 0) {
            return SourceRow.unreadable(
                    sku,
                    "deleted",
                    where(record) + "deleted is not true, but the file has no product columns (name, price and"
                            + " currency, or stock) to keep it with: it can only delete products");
        }
        ProductRow.Builder row = ProductRow.newBuilder().setSku(sku);
        if (!namedGroups.isEmpty()) {
            // Only for feeds: adding even no groups gives each whole row a list of its own to carry.
            row.addAllGroups(namedGroups);
        }
        if (FieldGroups.has(groups, FieldGroups.CONTENT)) {
            row.setName(record.getField(name))
                    .setDescription(optional(record, description))
                    .setCategory(optional(record, category));
        }
        SourceRow bad = FieldGroups.has(groups, FieldGroups.PRICE) ? readPrice(record, row) : null;
        if (bad == null && FieldGroups.has(groups, FieldGroups.STOCK)) {
            bad = readStock(record, row);
        }
        if (bad == null && FieldGroups.has(groups, FieldGroups.CONTENT)) {
            bad = readActive(record, row);
        }
        if (bad == null) {
            bad = readUpdatedAt(record, row);
        }
        if (bad != null) {
            return bad;
        }
        for (int i = 0; i < attributeColumns.size(); i++) {
            String value = record.getField(attributeColumns.get(i));
            if (!value.isEmpty()) {
                row.putAttributes(attributeNames.get(i), value);
            }
        }
        return SourceRow.of(row.build());
    }

    /** Sets the row's price and currency; null when it did, or the unreadable row saying why not. */
    private SourceRow readPrice(CsvRecord record, ProductRow.Builder row) {
        String sku = row.getSku();
        row.setCurrency(record.getField(currency).strip());
        Currency money;
        try {
            money = Money.currency(row.getCurrency());
        } catch (IllegalArgumentException e) {
            return SourceRow.unreadable(sku, "currency", where(record) + "currency " + e.getMessage());
        }
        String priceText = record.getField(price);
        try {
            row.setPriceMinor(Money.toMinorUnits(priceText, money, decimalMark));
        } catch (IllegalArgumentException e) {
            return SourceRow.unreadable(
                    sku, "price", where(record) + "price " + e.getMessage() + decimalCommaHint(priceText, money));
        }
        return null;
    }

    /** Sets the row's stock (0 when its column is absent or empty); null when it did, or why not. */
    private SourceRow readStock(CsvRecord record, ProductRow.Builder row) {
        String stockText = optional(record, stock).strip();
        try {
            row.setStock(stockText.isEmpty() ? 0 : Integer.parseInt(stockText));
            return null;
        } catch (NumberFormatException e) {
            return SourceRow.unreadable(
                    row.getSku(), "stock", where(record) + "stock '" + stockText + "' is not a whole number");
        }
    }

    private SourceRow readActive(CsvRecord record, ProductRow.Builder row) {
        String activeText = flag(record, active);
        if (!isFlag(activeText)) {
            return SourceRow.unreadable(
                    row.getSku(), "active", where(record) + "active '" + activeText + "' is not true or false");
        }
        row.setActive(!activeText.equals("false"));
        return null;
    }

    /** For a price that fails with a decimal point but reads with a decimal comma, the option that reads it. */
    private String decimalCommaHint(String priceText, Currency money) {
        if (decimalMark != DecimalMark.POINT || priceText.indexOf(',') < 0) {
            return "";
        }
        try {
            Money.toMinorUnits(priceText, money, DecimalMark.COMMA);
            return "; the file may write decimal commas: try --decimal-comma";
        } catch (IllegalArgumentException alsoRefused) {
            return "";
        }
    }

    /** Sets the row's updated_at; null when it did, or the unreadable row saying why not. */
    private SourceRow readUpdatedAt(CsvRecord record, ProductRow.Builder row) {
        String time = record.getField(updatedAt);
        try {
            row.setUpdatedAt(parseTime(time.strip()));
            return null;
        } catch (DateTimeParseException e) {
            return SourceRow.unreadable(
                    row.getSku(),
                    "updated_at",
                    where(record) + "updated_at '" + time
                            + "' is not an ISO-8601 time with offset (2024-05-01T12:00:00Z)");
        }
    }

    /** A true/false column's value as written, in lower case; empty when absent. */
    private static String flag(CsvRecord record, int column) {
        return optional(record, column).strip().toLowerCase(Locale.ROOT);
    }

    /** true, false, or empty for the default. */
    private static boolean isFlag(String lowerCaseText) {
        return lowerCaseText.isEmpty() || lowerCaseText.equals("true") || lowerCaseText.equals("false");
    }

    private static String optional(CsvRecord record, int column) {
        return column == ABSENT ? "" : record.getField(column);
    }

    private static Timestamp parseTime(String text) {
        Timestamp plain = UtcTimestamps.parse(text);
        if (plain != null) {
            return plain;
        }
        Instant instant = text.endsWith("Z") || text.endsWith("z")
                ? Instant.parse(text)
                : OffsetDateTime.parse(text).toInstant();
        return Timestamp.newBuilder()
                .setSeconds(instant.getEpochSecond())
                .setNanos(instant.getNano())
                .build();
    }

    private static String where(CsvRecord record) {
        return "line " + record.getStartingLineNumber() + ": ";
    }
}
