package dev.productingest.perf;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.productingest.client.sample.SampleCsv;
import dev.productingest.v1.ProductRow;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The same catalog as the CSV a producer loads and as the CSV PostgreSQL's COPY reads, and a stock feed for its SKUs.
 */
public final class CatalogFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CatalogFiles() {}

    /** The producer's file: the CSV the CLI loads, as its {@code sample} command writes it. */
    public static void writeProducerCsv(Iterator<ProductRow> rows, Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            SampleCsv.write(rows, out);
        }
    }

    /** COPY's file: the products table's columns, as stored. */
    public static void writeCopyCsv(Iterator<ProductRow> rows, Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                CSVPrinter csv = new CSVPrinter(out, CSVFormat.POSTGRESQL_CSV)) {
            while (rows.hasNext()) {
                ProductRow r = rows.next();
                csv.printRecord(
                        r.getSku(),
                        r.getName(),
                        r.getDescription(),
                        r.getCategory(),
                        r.getPriceMinor(),
                        r.getCurrency(),
                        r.getStock(),
                        r.getActive(),
                        JSON.writeValueAsString(r.getAttributesMap()),
                        instant(r));
            }
        }
    }

    /**
     * A stock feed's file, {@code sku,stock,updated_at}: the CSV the CLI reads as rows carrying the stock group alone.
     * Each row's SKU, stock and version are written; its other fields are not.
     */
    public static void writeStockFeedCsv(Iterator<ProductRow> rows, Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                CSVPrinter csv = new CSVPrinter(
                        out,
                        CSVFormat.DEFAULT
                                .builder()
                                .setHeader("sku", "stock", "updated_at")
                                .setRecordSeparator('\n')
                                .build())) {
            while (rows.hasNext()) {
                ProductRow r = rows.next();
                csv.printRecord(r.getSku(), r.getStock(), instant(r));
            }
        }
    }

    private static Instant instant(ProductRow r) {
        return Instant.ofEpochSecond(
                r.getUpdatedAt().getSeconds(), r.getUpdatedAt().getNanos());
    }
}
