package dev.productingest.client;

import com.google.protobuf.Timestamp;
import dev.productingest.rules.Money;
import dev.productingest.v1.ProductRow;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.csv.CSVRecord;

/**
 * Maps CSV records to product rows. Columns, in any order: sku, name, price and currency, updated_at
 * (required); description, category, stock (default 0), active (default true); and attr.NAME for
 * each attribute. Prices are decimals in major units, converted exactly to minor units.
 */
public final class CsvRowMapper {
    static final List<String> REQUIRED = List.of("sku", "name", "price", "currency", "updated_at");
    static final Set<String> OPTIONAL = Set.of("description", "category", "stock", "active");
    static final String ATTRIBUTE_PREFIX = "attr.";

    private final List<String> attributeColumns = new ArrayList<>();
    private final int columns;

    /** @throws CsvFormatException when a required column is missing or a column is unknown */
    public CsvRowMapper(List<String> header) {
        this.columns = header.size();
        for (String required : REQUIRED) {
            if (!header.contains(required)) {
                throw new CsvFormatException("the header has no '" + required + "' column; it names " + header
                        + " and needs " + REQUIRED);
            }
        }
        for (String column : header) {
            if (column.startsWith(ATTRIBUTE_PREFIX) && column.length() > ATTRIBUTE_PREFIX.length()) {
                attributeColumns.add(column);
            } else if (!REQUIRED.contains(column) && !OPTIONAL.contains(column)) {
                throw new CsvFormatException("unknown column '" + column + "' in the header; known columns are "
                        + REQUIRED + ", " + OPTIONAL + " and attr.NAME for attributes");
            }
        }
    }

    public SourceRow map(CSVRecord record) {
        String sku = record.isMapped("sku") && record.isSet("sku") ? record.get("sku") : "";
        if (record.size() != columns) {
            return SourceRow.unreadable(sku, "row", where(record) + "has " + record.size() + " values; the header names " + columns + " columns");
        }
        ProductRow.Builder row = ProductRow.newBuilder()
                .setSku(sku)
                .setName(record.get("name"))
                .setDescription(optional(record, "description"))
                .setCategory(optional(record, "category"))
                .setCurrency(record.get("currency").strip());
        Currency currency;
        try {
            currency = Money.currency(row.getCurrency());
        } catch (IllegalArgumentException e) {
            return SourceRow.unreadable(sku, "currency", where(record) + "currency " + e.getMessage());
        }
        try {
            row.setPriceMinor(Money.toMinorUnits(record.get("price"), currency));
        } catch (IllegalArgumentException e) {
            return SourceRow.unreadable(sku, "price", where(record) + "price " + e.getMessage());
        }
        String stock = optional(record, "stock").strip();
        try {
            row.setStock(stock.isEmpty() ? 0 : Integer.parseInt(stock));
        } catch (NumberFormatException e) {
            return SourceRow.unreadable(sku, "stock", where(record) + "stock '" + stock + "' is not a whole number");
        }
        String active = optional(record, "active").strip().toLowerCase(Locale.ROOT);
        if (!active.isEmpty() && !active.equals("true") && !active.equals("false")) {
            return SourceRow.unreadable(sku, "active", where(record) + "active '" + active + "' is not true or false");
        }
        row.setActive(!active.equals("false"));
        try {
            row.setUpdatedAt(parseTime(record.get("updated_at").strip()));
        } catch (DateTimeParseException e) {
            return SourceRow.unreadable(sku, "updated_at", where(record) + "updated_at '" + record.get("updated_at")
                    + "' is not an ISO-8601 time with offset (2024-05-01T12:00:00Z)");
        }
        for (String column : attributeColumns) {
            String value = record.get(column);
            if (!value.isEmpty()) {
                row.putAttributes(column.substring(ATTRIBUTE_PREFIX.length()), value);
            }
        }
        return SourceRow.of(row.build());
    }

    private static String optional(CSVRecord record, String column) {
        return record.isMapped(column) ? record.get(column) : "";
    }

    private static Timestamp parseTime(String text) {
        Instant instant = text.endsWith("Z") || text.endsWith("z") ? Instant.parse(text) : OffsetDateTime.parse(text).toInstant();
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    private static String where(CSVRecord record) {
        return "record " + record.getRecordNumber() + ": ";
    }

}
