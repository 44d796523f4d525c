package dev.productingest.client.cli;

import dev.productingest.client.sample.CatalogSpec;
import dev.productingest.client.sample.Feed;
import dev.productingest.client.sample.SampleCsv;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A realistic catalog to load, from the same generator the performance suite uses, or a price or stock feed for the
 * same products: the same options give the same rows.
 */
@Command(
        name = "sample",
        mixinStandardHelpOptions = true,
        description =
                "Writes a generated catalog as the CSV `load` reads (to standard output, or --output FILE): names, descriptions,"
                        + " categories, prices in four currencies, stock, two attributes; the same options give the same file."
                        + " With --feed price or --feed stock, a feed of new prices or stock levels for the same products,"
                        + " a day newer than the catalog's rows.")
final class SampleCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--rows", required = true, description = "how many rows")
    private long rows;

    @Option(names = "--seed", defaultValue = "42", description = "the catalog's content (default: ${DEFAULT-VALUE})")
    private long seed;

    @Option(
            names = "--invalid",
            defaultValue = "0",
            paramLabel = "SHARE",
            description =
                    "the share of rows (0 to 1) the server will reject, each with a negative stock (default: ${DEFAULT-VALUE})")
    private double invalid;

    @Option(
            names = "--first-sku",
            defaultValue = "0",
            description = "the number of the first SKU, SKU-000000000 and on (default: ${DEFAULT-VALUE})")
    private long firstSku;

    @Option(names = "--plain", description = "no attribute columns: nine short columns a row")
    private boolean plain;

    @Option(
            names = "--feed",
            defaultValue = "catalog",
            paramLabel = "catalog|price|stock",
            description =
                    "catalog: whole products; price (sku,price,currency,updated_at) or stock (sku,stock,updated_at):"
                            + " a feed for the catalog the other options give, each row a day newer than the catalog's"
                            + " row of its SKU (default: ${DEFAULT-VALUE})")
    private String feedName;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "write here instead of standard output")
    private Path output;

    @Override
    public Integer call() throws Exception {
        CatalogSpec catalog;
        try {
            catalog = CatalogSpec.of(rows, seed).startingAt(firstSku).withInvalid(invalid);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--rows and --first-sku must not be negative, and --invalid must be within 0..1");
        }
        Feed feed = feed();
        if (plain) {
            if (feed != Feed.CATALOG) {
                throw new ParameterException(
                        spec.commandLine(), "--plain is for the catalog: a feed has no attributes");
            }
            catalog = catalog.plain();
        }
        if (output == null) {
            PrintWriter out = spec.commandLine().getOut();
            SampleCsv.write(feed.rows(catalog), out);
            return IngestCli.ACCEPTED;
        }
        try (Writer out = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
            SampleCsv.write(feed.rows(catalog), out);
        }
        spec.commandLine().getErr().printf("wrote %,d rows to %s%n", rows, output);
        return IngestCli.ACCEPTED;
    }

    private Feed feed() {
        try {
            return Feed.valueOf(feedName.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(
                    spec.commandLine(), "--feed '" + feedName + "' is none of catalog, price and stock");
        }
    }
}
