package dev.productingest.perf;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.productingest.rules.Money;
import dev.productingest.v1.ProductRow;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** The same catalog as the CSV a producer loads and as the CSV PostgreSQL's COPY reads. */
public final class CatalogFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CatalogFiles() {
    }

    /**
     * The producer's file: prices in major units, the columns the CLI reads, and the attribute
     * columns when the rows have attributes (told by the first row: a catalog's rows all have them or none do).
     */
    public static void writeProducerCsv(Iterator<ProductRow> rows, Path file) throws IOException {
        List<String> header = new ArrayList<>(List.of("sku", "name", "description", "category", "price", "currency", "stock", "active",
                "updated_at"));
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            CSVPrinter csv = null;
            List<Object> values = new ArrayList<>();
            while (rows.hasNext()) {
                ProductRow r = rows.next();
                if (csv == null) {
                    r.getAttributesMap().keySet().stream().sorted().forEach(name -> header.add("attr." + name));
                    csv = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(header.toArray(String[]::new)).get());
                }
                values.clear();
                values.addAll(List.of(r.getSku(), r.getName(), r.getDescription(), r.getCategory(),
                        Money.toDecimal(r.getPriceMinor(), Money.currency(r.getCurrency())), r.getCurrency(), r.getStock(),
                        r.getActive(), instant(r)));
                for (int c = 9; c < header.size(); c++) {
                    values.add(r.getAttributesOrThrow(header.get(c).substring("attr.".length())));
                }
                csv.printRecord(values);
            }
            if (csv != null) {
                csv.flush();
            }
        }
    }

    /** COPY's file: the products table's columns, as stored. */
    public static void writeCopyCsv(Iterator<ProductRow> rows, Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             CSVPrinter csv = new CSVPrinter(out, CSVFormat.POSTGRESQL_CSV)) {
            while (rows.hasNext()) {
                ProductRow r = rows.next();
                csv.printRecord(r.getSku(), r.getName(), r.getDescription(), r.getCategory(), r.getPriceMinor(), r.getCurrency(),
                        r.getStock(), r.getActive(), JSON.writeValueAsString(r.getAttributesMap()), instant(r));
            }
        }
    }

    private static Instant instant(ProductRow r) {
        return Instant.ofEpochSecond(r.getUpdatedAt().getSeconds(), r.getUpdatedAt().getNanos());
    }
}
