package dev.productingest.perf;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import dev.productingest.client.CsvRowSource;
import dev.productingest.client.SourceRow;
import dev.productingest.client.sample.CatalogGenerator;
import dev.productingest.client.sample.CatalogSpec;
import dev.productingest.v1.IngestRequest;
import dev.productingest.v1.RowChunk;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What a row costs the producer, step by step, in CPU time of the reading thread: the CSV parser alone, then the rows
 * it maps, then their chunks encoded as the gRPC marshaller encodes them. The first pass is reported apart (the JIT
 * compiling), then the median of the warm passes.
 */
@Command(name = "producer-cost", mixinStandardHelpOptions = true)
public final class ProducerCost implements Callable<Integer> {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Option(
            names = "--rows",
            defaultValue = "1000000",
            description = "rows of the suite's catalog (default: ${DEFAULT-VALUE})")
    long rows;

    @Option(
            names = "--passes",
            defaultValue = "5",
            description = "passes of each step, the first one cold (default: ${DEFAULT-VALUE})")
    int passes;

    @Option(names = "--work", description = "where the catalog is generated (default perf/target/suite)")
    Path work;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ProducerCost()).execute(args));
    }

    private interface Step {
        long run(Path csv) throws Exception;
    }

    @Override
    public Integer call() throws Exception {
        Path dir =
                Files.createDirectories(work != null ? work : Bench.repoRoot().resolve("perf/target/suite"));
        CatalogSpec spec = CatalogSpec.of(rows, 42);
        Path csv = dir.resolve(spec.fileName() + ".csv");
        if (!Files.exists(csv)) {
            CatalogFiles.writeProducerCsv(new CatalogGenerator(spec), csv);
        }
        System.out.printf(
                Locale.ROOT,
                "%,d rows of %s, %d passes; CPU of the reading thread, microseconds per row%n",
                rows,
                csv.getFileName(),
                passes);
        System.out.println("| step | first pass | warm (median) |");
        System.out.println("|---|---:|---:|");
        measure("CSV parser alone (FastCSV records)", csv, ProducerCost::records);
        measure("+ rows mapped (CsvRowSource)", csv, ProducerCost::mappedRows);
        measure("+ chunks of 1,000 rows encoded", csv, ProducerCost::encodedChunks);
        return 0;
    }

    private void measure(String name, Path csv, Step step) throws Exception {
        double[] micros = new double[passes];
        for (int pass = 0; pass < passes; pass++) {
            long started = THREADS.getCurrentThreadCpuTime();
            long counted = step.run(csv);
            micros[pass] = (THREADS.getCurrentThreadCpuTime() - started) / 1e3 / rows;
            if (counted != rows) {
                throw new IllegalStateException(name + " read " + counted + " rows, not " + rows);
            }
        }
        double[] warm = java.util.Arrays.copyOfRange(micros, 1, passes);
        System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f |%n", name, micros[0], Bench.median(warm));
    }

    private static long records(Path csv) throws Exception {
        long n = -1; // the header
        try (CsvReader<CsvRecord> reader =
                CsvReader.builder().ofCsvRecord(Files.newBufferedReader(csv, StandardCharsets.UTF_8))) {
            for (CsvRecord record : reader) {
                if (record.getFieldCount() > 0) {
                    n++;
                }
            }
        }
        return n;
    }

    private static long mappedRows(Path csv) throws Exception {
        long n = 0;
        try (CsvRowSource source = CsvRowSource.open(csv)) {
            while (source.hasNext()) {
                SourceRow row = source.next();
                if (row.isReadable()) {
                    n++;
                }
            }
        }
        return n;
    }

    private static long encodedChunks(Path csv) throws Exception {
        long n = 0;
        long bytes = 0;
        try (CsvRowSource source = CsvRowSource.open(csv)) {
            while (source.hasNext()) {
                RowChunk.Builder chunk = RowChunk.newBuilder().setFirstOffset(n);
                for (int i = 0; i < 1000 && source.hasNext(); i++) {
                    chunk.addRows(source.next().row());
                    n++;
                }
                bytes += IngestRequest.newBuilder().setChunk(chunk).build().toByteArray().length;
            }
        }
        return bytes > 0 ? n : -1;
    }
}
