package dev.productingest.client;

import com.google.protobuf.Timestamp;
import de.siegmar.fastcsv.reader.CsvRecord;
import dev.productingest.rules.Money;
import dev.productingest.v1.ProductRow;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Maps CSV records to product rows. Columns, in any order: sku, name, price and currency, updated_at
 * (required); description, category, stock (default 0), active (default true), deleted (default
 * false); and attr.NAME for each attribute. A row with deleted=true is a tombstone: only its sku
 * and updated_at are read, and the other values may be empty. Prices are decimals in major units, converted exactly to minor units. Column
 * positions are resolved once, from the header.
 */
public final class CsvRowMapper {
    static final List<String> REQUIRED = List.of("sku", "name", "price", "currency", "updated_at");
    static final Set<String> OPTIONAL = Set.of("description", "category", "stock", "active", "deleted");
    static final String ATTRIBUTE_PREFIX = "attr.";
    private static final int ABSENT = -1;

    private final int columns;
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

    /** @throws CsvFormatException when a required column is missing, or a column is unknown or named twice */
    public CsvRowMapper(List<String> header) {
        this.columns = header.size();
        for (String required : REQUIRED) {
            if (!header.contains(required)) {
                throw new CsvFormatException("the header has no '" + required + "' column; it names " + header
                        + " and needs " + REQUIRED);
            }
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < header.size(); i++) {
            String column = header.get(i);
            if (!seen.add(column)) {
                throw new CsvFormatException("the header names the column '" + column + "' twice");
            }
            if (column.startsWith(ATTRIBUTE_PREFIX) && column.length() > ATTRIBUTE_PREFIX.length()) {
                attributeNames.add(column.substring(ATTRIBUTE_PREFIX.length()));
                attributeColumns.add(i);
            } else if (!REQUIRED.contains(column) && !OPTIONAL.contains(column)) {
                throw new CsvFormatException("unknown column '" + column + "' in the header; known columns are "
                        + REQUIRED + ", " + OPTIONAL + " and attr.NAME for attributes");
            }
        }
        this.sku = header.indexOf("sku");
        this.name = header.indexOf("name");
        this.price = header.indexOf("price");
        this.currency = header.indexOf("currency");
        this.updatedAt = header.indexOf("updated_at");
        this.description = header.indexOf("description");
        this.category = header.indexOf("category");
        this.stock = header.indexOf("stock");
        this.active = header.indexOf("active");
        this.deleted = header.indexOf("deleted");
    }

    /** The row of one record, or why it cannot be read (with its line); never throws for bad values. */
    public SourceRow map(CsvRecord record) {
        if (record.getFieldCount() != columns) {
            String sku = this.sku < record.getFieldCount() ? record.getField(this.sku) : "";
            return SourceRow.unreadable(sku, "row", where(record) + "has " + record.getFieldCount() + " values; the header names "
                    + columns + " columns");
        }
        String sku = record.getField(this.sku);
        String deletedText = flag(record, deleted);
        if (!isFlag(deletedText)) {
            return SourceRow.unreadable(sku, "deleted", where(record) + "deleted '" + deletedText + "' is not true or false");
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
        try {
            row.setPriceMinor(Money.toMinorUnits(record.getField(price), money));
        } catch (IllegalArgumentException e) {
            return SourceRow.unreadable(sku, "price", where(record) + "price " + e.getMessage());
        }
        String stockText = optional(record, stock).strip();
        try {
            row.setStock(stockText.isEmpty() ? 0 : Integer.parseInt(stockText));
        } catch (NumberFormatException e) {
            return SourceRow.unreadable(sku, "stock", where(record) + "stock '" + stockText + "' is not a whole number");
        }
        String activeText = flag(record, active);
        if (!isFlag(activeText)) {
            return SourceRow.unreadable(sku, "active", where(record) + "active '" + activeText + "' is not true or false");
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

    /** Sets the row's updated_at; null when it did, or the unreadable row saying why not. */
    private SourceRow readUpdatedAt(CsvRecord record, ProductRow.Builder row) {
        String time = record.getField(updatedAt);
        try {
            row.setUpdatedAt(parseTime(time.strip()));
            return null;
        } catch (DateTimeParseException e) {
            return SourceRow.unreadable(row.getSku(), "updated_at", where(record) + "updated_at '" + time
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
        Instant instant = text.endsWith("Z") || text.endsWith("z") ? Instant.parse(text) : OffsetDateTime.parse(text).toInstant();
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    private static String where(CsvRecord record) {
        return "line " + record.getStartingLineNumber() + ": ";
    }
}
