package dev.productingest.client.sample;

import de.siegmar.fastcsv.writer.CsvWriter;
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
 * column per attribute when the rows have attributes (told by the first row: a generated catalog's rows all have the
 * same ones, or none).
 */
public final class SampleCsv {
    private static final List<String> COLUMNS =
            List.of("sku", "name", "description", "category", "price", "currency", "stock", "active", "updated_at");

    private SampleCsv() {}

    /** Writes every row to {@code out}, flushed, and leaves it open. */
    public static void write(Iterator<ProductRow> rows, Writer out) throws IOException {
        CsvWriter csv = CsvWriter.builder().build(out);
        List<String> attributes = null;
        List<String> values = new ArrayList<>();
        while (rows.hasNext()) {
            ProductRow r = rows.next();
            if (attributes == null) {
                attributes = r.getAttributesMap().keySet().stream().sorted().toList();
                List<String> header = new ArrayList<>(COLUMNS);
                attributes.forEach(name -> header.add("attr." + name));
                csv.writeRecord(header);
            }
            values.clear();
            values.addAll(List.of(
                    r.getSku(),
                    r.getName(),
                    r.getDescription(),
                    r.getCategory(),
                    Money.toDecimal(r.getPriceMinor(), Money.currency(r.getCurrency())),
                    r.getCurrency(),
                    String.valueOf(r.getStock()),
                    String.valueOf(r.getActive()),
                    Instant.ofEpochSecond(
                                    r.getUpdatedAt().getSeconds(),
                                    r.getUpdatedAt().getNanos())
                            .toString()));
            for (String name : attributes) {
                values.add(r.getAttributesOrThrow(name));
            }
            csv.writeRecord(values);
        }
        csv.flush();
    }
}
