package dev.productingest.client;

import com.google.protobuf.Timestamp;
import de.siegmar.fastcsv.reader.CsvRecord;
import dev.productingest.rules.DecimalMark;
import dev.productingest.rules.Money;
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
 * Maps CSV records to product rows. Columns, in any order: sku, name, price and currency, updated_at (required);
 * description, category, stock (default 0), active (default true), deleted (default false); and attr.NAME for each
 * attribute. Column names are matched without regard to case or surrounding spaces ({@code SKU}, {@code " Price "}); an
 * attribute keeps the case of its NAME. A row with deleted=true is a tombstone: only its sku and updated_at are read,
 * and the other values may be empty. Prices are decimals in major units, written with the {@link DecimalMark} given,
 * converted exactly to minor units. Column positions are resolved once, from the header.
 */
public final class CsvRowMapper {
    static final List<String> REQUIRED = List.of("sku", "name", "price", "currency", "updated_at");
    static final Set<String> OPTIONAL = Set.of("description", "category", "stock", "active", "deleted");
    static final String ATTRIBUTE_PREFIX = "attr.";
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
    private final List<String> attributeNames = new ArrayList<>();
    private final List<Integer> attributeColumns = new ArrayList<>();

    /** A mapper of prices with a decimal point ({@code 12.34}). */
    public CsvRowMapper(List<String> header) {
        this(header, DecimalMark.POINT);
    }

    /**
     * @param decimalMark how the prices separate their fraction
     * @throws CsvFormatException when a required column is missing, or a column is unknown or named twice
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
                throw new CsvFormatException(
                        "the header has no '" + required + "' column; it names " + header + " and needs " + REQUIRED);
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
        this.name = columnOf.get("name");
        this.price = columnOf.get("price");
        this.currency = columnOf.get("currency");
        this.updatedAt = columnOf.get("updated_at");
        this.description = columnOf.getOrDefault("description", ABSENT);
        this.category = columnOf.getOrDefault("category", ABSENT);
        this.stock = columnOf.getOrDefault("stock", ABSENT);
        this.active = columnOf.getOrDefault("active", ABSENT);
        this.deleted = columnOf.getOrDefault("deleted", ABSENT);
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
        ProductRow.Builder row = ProductRow.newBuilder()
                .setSku(sku)
                .setName(record.getField(name))
                .setDescription(optional(record, description))
                .setCategory(optional(record, category))
                .setCurrency(record.getField(currency).strip());
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
        String stockText = optional(record, stock).strip();
        try {
            row.setStock(stockText.isEmpty() ? 0 : Integer.parseInt(stockText));
        } catch (NumberFormatException e) {
            return SourceRow.unreadable(
                    sku, "stock", where(record) + "stock '" + stockText + "' is not a whole number");
        }
        String activeText = flag(record, active);
        if (!isFlag(activeText)) {
            return SourceRow.unreadable(
                    sku, "active", where(record) + "active '" + activeText + "' is not true or false");
        }
        row.setActive(!activeText.equals("false"));
        SourceRow badTime = readUpdatedAt(record, row);
        if (badTime != null) {
            return badTime;
        }
        for (int i = 0; i < attributeColumns.size(); i++) {
            String value = record.getField(attributeColumns.get(i));
            if (!value.isEmpty()) {
                row.putAttributes(attributeNames.get(i), value);
            }
        }
        return SourceRow.of(row.build());
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
