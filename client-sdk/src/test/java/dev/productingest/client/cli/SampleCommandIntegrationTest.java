package dev.productingest.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.productingest.client.CsvRowSource;
import dev.productingest.client.SourceRow;
import dev.productingest.client.sample.CatalogGenerator;
import dev.productingest.client.sample.CatalogSpec;
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
