package dev.productingest.client.sample;

import de.siegmar.fastcsv.writer.CsvWriter;
import dev.productingest.rules.FieldGroups;
import dev.productingest.rules.Money;
import dev.productingest.v1.ProductRow;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Rows as the CSV the command-line tool loads: prices in major units, times in ISO-8601 UTC, and an {@code attr.<name>}
 * column per attribute when the rows have attributes. The first row tells the columns (a generated catalog's rows all
 * have the same attributes, or none; a feed's rows all name the same groups): a whole product's, or only those of the
 * groups a partial row names ({@code sku,price,currency,updated_at} for a price feed).
 */
public final class SampleCsv {
    private static final List<String> COLUMNS =
            List.of("sku", "name", "description", "category", "price", "currency", "stock", "active", "updated_at");
    // The bit of the columns every row has, beside the groups' own.
    private static final int ALWAYS = 8;

    private SampleCsv() {}

    /** Writes every row to {@code out}, flushed, and leaves it open. */
    public static void write(Iterator<ProductRow> rows, Writer out) throws IOException {
        CsvWriter csv = CsvWriter.builder().build(out);
        List<String> columns = null;
        List<String> attributes = null;
        List<String> values = new ArrayList<>();
        while (rows.hasNext()) {
            ProductRow r = rows.next();
            if (columns == null) {
                int groups = FieldGroups.of(r);
                columns = COLUMNS.stream()
                        .filter(column -> FieldGroups.has(groups | ALWAYS, groupOf(column)))
                        .toList();
                attributes = FieldGroups.has(groups, FieldGroups.CONTENT)
                        ? r.getAttributesMap().keySet().stream().sorted().toList()
                        : List.of();
                List<String> header = new ArrayList<>(columns);
                attributes.forEach(name -> header.add("attr." + name));
                csv.writeRecord(header);
            }
            values.clear();
            for (String column : columns) {
                values.add(value(r, column));
            }
            for (String name : attributes) {
                values.add(r.getAttributesOrThrow(name));
            }
            csv.writeRecord(values);
        }
        csv.flush();
    }

    private static int groupOf(String column) {
        return switch (column) {
            case "sku", "updated_at" -> ALWAYS;
            case "price", "currency" -> FieldGroups.PRICE;
            case "stock" -> FieldGroups.STOCK;
            default -> FieldGroups.CONTENT;
        };
    }

    private static String value(ProductRow r, String column) {
        return switch (column) {
            case "sku" -> r.getSku();
            case "name" -> r.getName();
            case "description" -> r.getDescription();
            case "category" -> r.getCategory();
            case "price" -> Money.toDecimal(r.getPriceMinor(), Money.currency(r.getCurrency()));
            case "currency" -> r.getCurrency();
            case "stock" -> String.valueOf(r.getStock());
            case "active" -> String.valueOf(r.getActive());
            case "updated_at" ->
                Instant.ofEpochSecond(
                                r.getUpdatedAt().getSeconds(), r.getUpdatedAt().getNanos())
                        .toString();
            default -> throw new IllegalArgumentException(column);
        };
    }
}
