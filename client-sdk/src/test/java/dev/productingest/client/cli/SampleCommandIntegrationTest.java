package dev.productingest.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.productingest.client.CsvRowSource;
import dev.productingest.client.SourceRow;
import dev.productingest.client.sample.CatalogGenerator;
import dev.productingest.client.sample.CatalogSpec;
import dev.productingest.client.sample.Feed;
import dev.productingest.client.sample.FeedGenerator;
import dev.productingest.rules.RowValidator;
import dev.productingest.server.testing.TestServer;
import dev.productingest.v1.ProductRow;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code sample}: a generated catalog a new user can load at once, the same for the same options. */
class SampleCommandIntegrationTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @Test
    void theSameOptionsWriteTheSameCatalogAndItReadsBackAsTheGeneratorsRows() throws Exception {
        String first = sample("--rows", "500", "--seed", "7", "--invalid", "0.02");
        assertThat(sample("--rows", "500", "--seed", "7", "--invalid", "0.02")).isEqualTo(first);
        assertThat(sample("--rows", "500", "--seed", "8", "--invalid", "0.02")).isNotEqualTo(first);

        List<ProductRow> read = new ArrayList<>();
        try (CsvRowSource csv = CsvRowSource.open(new ByteArrayInputStream(first.getBytes(StandardCharsets.UTF_8)))) {
            while (csv.hasNext()) {
                SourceRow row = csv.next();
                assertThat(row.isReadable()).as(row.sku()).isTrue();
                read.add(row.row());
            }
        }
        CatalogGenerator generator = new CatalogGenerator(CatalogSpec.of(500, 7).withInvalid(0.02));
        List<ProductRow> generated = new ArrayList<>();
        generator.forEachRemaining(generated::add);
        assertThat(read).as("every field, prices and times exact").isEqualTo(generated);
        assertThat(read.stream()
                        .filter(r -> RowValidator.validate(r).isPresent())
                        .count())
                .isEqualTo(generator.invalid())
                .isPositive();
        assertThat(first.lines().findFirst().orElseThrow()).endsWith(",attr.colour,attr.size");
        assertThat(sample("--rows", "3", "--plain").lines().findFirst().orElseThrow())
                .isEqualTo("sku,name,description,category,price,currency,stock,active,updated_at");
    }

    @Test
    void aSampleWrittenToAFileLoadsWithItsInvalidRowsRejected(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("catalog.csv");
        StringWriter err = new StringWriter();
        assertThat(IngestCli.run(
                        new PrintWriter(new StringWriter(), true),
                        new PrintWriter(err, true),
                        "sample",
                        "--rows",
                        "2000",
                        "--invalid",
                        "0.01",
                        "--first-sku",
                        "900000",
                        "--output",
                        file.toString()))
                .isZero();
        assertThat(err.toString()).contains("wrote 2,000 rows to " + file);
        CatalogGenerator generator = new CatalogGenerator(
                CatalogSpec.of(2_000, 42).startingAt(900_000).withInvalid(0.01));
        generator.forEachRemaining(row -> {});

        StringWriter out = new StringWriter();
        int exit = IngestCli.run(
                new PrintWriter(out, true),
                new PrintWriter(new StringWriter(), true),
                "load",
                file.toString(),
                "--server",
                server.target(),
                "--job-id",
                "first-sample");
        assertThat(exit).as("some rows rejected").isEqualTo(2);
        assertThat(out.toString())
                .contains(
                        "received 2000, inserted " + (2_000 - generator.invalid()), "rejected " + generator.invalid());
        assertThat(Files.size(file)).isPositive();
    }

    @Test
    void aFeedSampleHasOnlyItsGroupsColumnsAndReadsBackAsTheFeedsRows() throws Exception {
        String stock = sample("--rows", "300", "--seed", "7", "--invalid", "0.05", "--feed", "stock");
        String prices = sample("--rows", "300", "--seed", "7", "--feed", "PRICE");

        assertThat(stock.lines().findFirst().orElseThrow()).isEqualTo("sku,stock,updated_at");
        assertThat(prices.lines().findFirst().orElseThrow()).isEqualTo("sku,price,currency,updated_at");
        assertThat(sample("--rows", "300", "--seed", "7", "--invalid", "0.05", "--feed", "stock"))
                .isEqualTo(stock);
        FeedGenerator stockFeed = new FeedGenerator(CatalogSpec.of(300, 7).withInvalid(0.05), Feed.STOCK);
        List<ProductRow> generated = new ArrayList<>();
        stockFeed.forEachRemaining(generated::add);
        assertThat(readAll(stock)).as("every field exact, the groups named").isEqualTo(generated);
        List<ProductRow> generatedPrices = new ArrayList<>();
        new FeedGenerator(CatalogSpec.of(300, 7), Feed.PRICE).forEachRemaining(generatedPrices::add);
        assertThat(readAll(prices)).isEqualTo(generatedPrices);
        assertThat(sample("--rows", "300", "--seed", "7", "--feed", "catalog"))
                .isEqualTo(sample("--rows", "300", "--seed", "7"));
    }

    @Test
    void aStockFeedSampleLoadsOverItsCatalogAndOnlyTheStockChanges(@TempDir Path dir) throws Exception {
        Path catalog = dir.resolve("catalog.csv");
        Path stock = dir.resolve("stock.csv");
        assertThat(IngestCli.run(
                        quiet(), quiet(), "sample", "--rows", "200", "--first-sku", "700000", "-o", catalog.toString()))
                .isZero();
        assertThat(IngestCli.run(
                        quiet(),
                        quiet(),
                        "sample",
                        "--rows",
                        "200",
                        "--first-sku",
                        "700000",
                        "--feed",
                        "stock",
                        "-o",
                        stock.toString()))
                .isZero();
        StringWriter out = new StringWriter();
        assertThat(IngestCli.run(quiet(), quiet(), "load", catalog.toString(), "--server", server.target()))
                .isZero();

        int exit = IngestCli.run(
                new PrintWriter(out, true), quiet(), "load", stock.toString(), "--server", server.target());

        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString()).contains("received 200, inserted 0, updated 200");
        List<ProductRow> catalogRows = new ArrayList<>();
        new CatalogGenerator(CatalogSpec.of(200, 42).startingAt(700_000)).forEachRemaining(catalogRows::add);
        List<ProductRow> stockRows = new ArrayList<>();
        new FeedGenerator(CatalogSpec.of(200, 42).startingAt(700_000), Feed.STOCK).forEachRemaining(stockRows::add);
        for (int i = 0; i < catalogRows.size(); i += 37) {
            String sku = catalogRows.get(i).getSku();
            var stored = server.jdbi()
                    .withHandle(h -> h.createQuery("SELECT name, price_minor, stock FROM products WHERE sku = :sku")
                            .bind("sku", sku)
                            .mapToMap()
                            .one());
            assertThat(stored.get("stock")).as(sku).isEqualTo(stockRows.get(i).getStock());
            assertThat(stored.get("name")).isEqualTo(catalogRows.get(i).getName());
            assertThat(stored.get("price_minor")).isEqualTo(catalogRows.get(i).getPriceMinor());
        }
    }

    @Test
    void impossibleOptionsAreAUsageErrorNamingThem() {
        StringWriter err = new StringWriter();
        int exit = IngestCli.run(
                new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true),
                "sample",
                "--rows",
                "10",
                "--invalid",
                "1.5");
        assertThat(exit).isNotZero();
        assertThat(err.toString()).contains("--invalid must be within 0..1");

        StringWriter feedErr = new StringWriter();
        assertThat(IngestCli.run(quiet(), new PrintWriter(feedErr, true), "sample", "--rows", "1", "--feed", "prices"))
                .isNotZero();
        assertThat(feedErr.toString()).contains("--feed 'prices' is none of catalog, price and stock");
        StringWriter plainErr = new StringWriter();
        assertThat(IngestCli.run(
                        quiet(),
                        new PrintWriter(plainErr, true),
                        "sample",
                        "--rows",
                        "1",
                        "--feed",
                        "stock",
                        "--plain"))
                .isNotZero();
        assertThat(plainErr.toString()).contains("--plain is for the catalog");
    }

    private static PrintWriter quiet() {
        return new PrintWriter(new StringWriter(), true);
    }

    private static List<ProductRow> readAll(String csvText) throws Exception {
        List<ProductRow> read = new ArrayList<>();
        try (CsvRowSource csv = CsvRowSource.open(new ByteArrayInputStream(csvText.getBytes(StandardCharsets.UTF_8)))) {
            while (csv.hasNext()) {
                SourceRow row = csv.next();
                assertThat(row.isReadable()).as(row.sku()).isTrue();
                read.add(row.row());
            }
        }
        return read;
    }

    private static String sample(String... options) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] args = new String[options.length + 1];
        args[0] = "sample";
        System.arraycopy(options, 0, args, 1, options.length);
        int exit = IngestCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        assertThat(exit).as(err.toString()).isZero();
        return out.toString();
    }
}
