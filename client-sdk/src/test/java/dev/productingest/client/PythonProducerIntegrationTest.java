package dev.productingest.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.productingest.client.sample.CatalogGenerator;
import dev.productingest.client.sample.CatalogSpec;
import dev.productingest.client.sample.SampleCsv;
import dev.productingest.server.testing.Conditions;
import dev.productingest.server.testing.IngestCall;
import dev.productingest.server.testing.ProductTable;
import dev.productingest.server.testing.Products;
import dev.productingest.server.testing.TestServer;
import dev.productingest.v1.GetJobRequest;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.ProductRow;
import io.dropwizard.testing.ConfigOverride;
import io.grpc.StatusRuntimeException;
import java.io.File;
import java.io.IOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/python/load_csv.py, a producer written from the .proto alone with stubs generated here from proto/ (Debian's
 * protoc and gRPC Python plugin, and python3-grpcio): it resumes a job a broken stream left at 20,000 committed rows
 * from that offset, on the second server of its list when the first is gone, and the job ends with every row counted
 * once and the table exact.
 */
class PythonProducerIntegrationTest {
    private static final int ROWS = 30_000;
    private static final int BROKEN_AT = 20_000;
    private static final String JOB = "python-load";

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @Test
    void thePythonProducerResumesABrokenJobFromItsCommittedOffsetAndEndsExact(@TempDir Path dir) throws Exception {
        Path stubs = generatedStubs(dir);
        CatalogSpec spec = CatalogSpec.of(ROWS, 21).startingAt(7_000_000).withInvalid(0.01);
        Path csv = dir.resolve("catalog.csv");
        try (Writer out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            SampleCsv.write(new CatalogGenerator(spec), out);
        }
        List<ProductRow> rows = new ArrayList<>();
        CatalogGenerator generator = new CatalogGenerator(spec);
        generator.forEachRemaining(rows::add);

        // A stream that commits the first 20,000 rows, then breaks: the job stays RUNNING at that offset.
        IngestCall broken = IngestCall.open(server.asyncStub()).send(IngestCall.header(JOB));
        IngestCall.chunks(0, rows.subList(0, BROKEN_AT), 1_000).forEach(broken::send);
        Conditions.await("the first rows commit", () -> committed() == BROKEN_AT);
        broken.breakOff();

        // The first address refuses connections: the producer moves on to the next one.
        ProcessBuilder producer = new ProcessBuilder(
                        python().toString(),
                        Path.of("../examples/python/load_csv.py")
                                .toAbsolutePath()
                                .toString(),
                        csv.toString(),
                        "--server",
                        "127.0.0.1:" + closedPort() + ",127.0.0.1:" + server.grpcPort(),
                        "--job-id",
                        JOB)
                .redirectError(dir.resolve("stderr.txt").toFile())
                .redirectOutput(dir.resolve("stdout.txt").toFile());
        producer.environment().put("PYTHONPATH", stubs.toString());
        Process python = producer.start();
        assertThat(python.waitFor(3, TimeUnit.MINUTES)).as("the producer ends").isTrue();
        String out = Files.readString(dir.resolve("stdout.txt"));
        String err = Files.readString(dir.resolve("stderr.txt"));

        assertThat(python.exitValue()).as(out + err).isEqualTo(2);
        assertThat(err)
                .contains(
                        "UNAVAILABLE", "job python-load: sending from offset 20000 to 127.0.0.1:" + server.grpcPort());
        long invalid = generator.invalid();
        assertThat(out)
                .contains("job python-load COMPLETED: received 30000, inserted " + (ROWS - invalid)
                        + ", updated 0, unchanged 0, stale 0," + " deleted 0, rejected " + invalid
                        + "; committed offset 30000");
        long stored = server.jdbi()
                .withHandle(h -> h.createQuery("SELECT count(*) FROM products WHERE sku LIKE 'SKU-007%'")
                        .mapTo(Long.class)
                        .one());
        assertThat(stored).isEqualTo(ROWS - invalid);
        ProductRow last = rows.get(ROWS - 1);
        long lastPrice = server.jdbi()
                .withHandle(h -> h.createQuery("SELECT price_minor FROM products WHERE sku = :sku")
                        .bind("sku", last.getSku())
                        .mapTo(Long.class)
                        .one());
        assertThat(lastPrice).as("prices read exactly").isEqualTo(last.getPriceMinor());
    }

    @Test
    void thePythonProducerLoadsASnapshotAsOfItsExportTimeWithAToken(@TempDir Path dir) throws Exception {
        Path stubs = generatedStubs(dir);
        try (TestServer guarded = TestServer.start(
                ConfigOverride.config("auth.ingestToken", "python-ingest-token"),
                ConfigOverride.config("snapshot.maxRetiredShare", "0.5"))) {
            List<ProductRow> stored = Products.catalog(20, 0);
            assertThat(IngestCall.load(guarded.asyncStub("python-ingest-token"), "stored", stored)
                            .ok())
                    .isTrue();
            // Created after the export was taken (2024-01-03): not the snapshot's to retire.
            assertThat(IngestCall.load(
                                    guarded.asyncStub("python-ingest-token"),
                                    "delta",
                                    List.of(Products.row("LATE", 5 * 86_400)))
                            .ok())
                    .isTrue();
            Path csv = dir.resolve("export.csv");
            StringBuilder export = new StringBuilder("sku,name,price,currency,stock,updated_at\n");
            for (ProductRow row : stored.subList(0, 15)) {
                export.append(row.getSku())
                        .append(',')
                        .append(row.getName())
                        .append(",1.00,EUR,1,2024-01-01T00:00:00Z\n");
            }
            Files.writeString(csv, export);

            ProcessBuilder producer = new ProcessBuilder(
                            python().toString(),
                            Path.of("../examples/python/load_csv.py")
                                    .toAbsolutePath()
                                    .toString(),
                            csv.toString(),
                            "--server",
                            "127.0.0.1:" + guarded.grpcPort(),
                            "--job-id",
                            "py-snapshot",
                            "--snapshot",
                            "--as-of",
                            "2024-01-03T00:00:00Z")
                    .redirectError(dir.resolve("stderr.txt").toFile())
                    .redirectOutput(dir.resolve("stdout.txt").toFile());
            producer.environment().put("PYTHONPATH", stubs.toString());
            producer.environment().put("INGEST_TOKEN", "python-ingest-token");
            Process python = producer.start();
            assertThat(python.waitFor(2, TimeUnit.MINUTES))
                    .as("the producer ends")
                    .isTrue();
            String out = Files.readString(dir.resolve("stdout.txt"));
            String err = Files.readString(dir.resolve("stderr.txt"));

            assertThat(python.exitValue()).as(out + err).isZero();
            IngestSummary summary = guarded.blockingStub("python-ingest-token")
                    .getJob(GetJobRequest.newBuilder().setJobId("py-snapshot").build())
                    .getSummary();
            assertThat(summary.getRetired())
                    .as("the five products the export no longer carries")
                    .isEqualTo(5);
            assertThat(summary.getSnapshotTimeFromAsOf()).isTrue();
            assertThat(ProductTable.read(guarded.jdbi())).containsKey("LATE").hasSize(16);
        }
    }

    @Test
    void thePythonProducerReadsASpreadsheetsExportAsTheCliDoes(@TempDir Path dir) throws Exception {
        Path stubs = generatedStubs(dir);
        Path csv = dir.resolve("export.csv");
        Files.write(
                csv,
                ("SKU;Name;Price;Currency;Updated_At;Attr.Colour\r\n"
                                + "MUG;Mug;12,34;EUR;2024-01-01T00:00:00Z;Blue\r\n"
                                + "KETTLE;Kettle;1.234,50;EUR;2024-01-01T00:00:00Z;\r\n"
                                + "CAFE;Café crème € 5;5,00;EUR;2024-01-01T00:00:00Z;\r\n")
                        .getBytes(java.nio.charset.Charset.forName("windows-1252")));

        Run noOptions = runPython(dir, stubs, csv, "--job-id", "export-plain");
        Run noEncoding =
                runPython(dir, stubs, csv, "--job-id", "export-no-encoding", "--delimiter", ";", "--decimal-comma");
        Run everything = runPython(
                dir,
                stubs,
                csv,
                "--job-id",
                "export-all",
                "--delimiter",
                ";",
                "--decimal-comma",
                "--encoding",
                "windows-1252");

        assertThat(noOptions.exit()).as(noOptions.output()).isEqualTo(1);
        assertThat(noOptions.output())
                .contains("the header has no 'sku' column", "the file looks ;-separated: try --delimiter ';'")
                .doesNotContain("sending from offset");
        assertThat(noEncoding.exit()).as(noEncoding.output()).isEqualTo(2);
        assertThat(noEncoding.output())
                .contains(
                        "received 3, inserted 2",
                        "offset 2 sku 'CAFE' name: line 4, column 2 (Name), byte offset 151:"
                                + " Name 'Caf\\xE9 cr\\xE8me \\x80 5' holds bytes that are not UTF-8; the file looks like windows-1252: try --encoding windows-1252");
        assertThat(everything.exit()).as(everything.output()).isZero();
        var table = dev.productingest.server.testing.ProductTable.read(server.jdbi());
        assertThat(table.get("CAFE").getName()).isEqualTo("Café crème € 5");
        assertThat(table.get("MUG").getPriceMinor()).isEqualTo(1234);
        assertThat(table.get("MUG").getAttributesMap()).containsEntry("Colour", "Blue");
        assertThat(table.get("KETTLE").getPriceMinor()).isEqualTo(123_450);
    }

    @Test
    void thePythonProducerSendsAStockFeedThatChangesOnlyStock(@TempDir Path dir) throws Exception {
        Path stubs = generatedStubs(dir);
        List<ProductRow> stored = Products.catalog(4, 0).stream()
                .map(row -> row.toBuilder().setSku("PY-STOCK-" + row.getSku()).build())
                .toList();
        assertThat(IngestCall.load(server.asyncStub(), "py-stock-catalog", stored)
                        .ok())
                .isTrue();
        Path csv = dir.resolve("stock.csv");
        StringBuilder feed = new StringBuilder("sku,stock,updated_at,deleted\n");
        for (int i = 0; i < 3; i++) {
            feed.append(stored.get(i).getSku()).append(',').append(100 + i).append(",2024-06-01T00:00:00Z,\n");
        }
        feed.append(stored.get(3).getSku()).append(",,2024-06-01T00:00:00Z,true\n");
        Files.writeString(csv, feed);

        Run run = runPython(dir, stubs, csv, "--job-id", "py-stock");

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("received 4, inserted 0, updated 3, unchanged 0, stale 0, deleted 1");
        for (int i = 0; i < 3; i++) {
            String sku = stored.get(i).getSku();
            var row = server.jdbi()
                    .withHandle(h -> h.createQuery("SELECT name, price_minor, stock FROM products WHERE sku = :sku")
                            .bind("sku", sku)
                            .mapToMap()
                            .one());
            assertThat(row.get("stock")).as(sku).isEqualTo(100 + i);
            assertThat(row.get("name")).isEqualTo(stored.get(i).getName());
            assertThat(row.get("price_minor")).isEqualTo(stored.get(i).getPriceMinor());
        }
    }

    @Test
    void thePythonProducerRefusesAHeaderCarryingAGroupInPartAsTheCliDoes(@TempDir Path dir) throws Exception {
        Path stubs = generatedStubs(dir);
        Path csv = dir.resolve("broken-feed.csv");
        Files.writeString(csv, "sku,stock,attr.colour,updated_at\nA,1,blue,2024-01-01T00:00:00Z\n");

        Run run = runPython(dir, stubs, csv, "--job-id", "py-broken-feed");

        assertThat(run.exit()).as(run.output()).isEqualTo(1);
        assertThat(run.output())
                .contains("the header has attr.colour but no 'name' column: these are the product's content, which"
                        + " is carried whole with its name; add a 'name' column, or leave them out of a price or stock"
                        + " feed")
                .doesNotContain("sending from offset");
    }

    private record Run(int exit, String output) {}

    private static Run runPython(Path dir, Path stubs, Path csv, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                python().toString(),
                Path.of("../examples/python/load_csv.py").toAbsolutePath().toString(),
                csv.toString(),
                "--server",
                "127.0.0.1:" + server.grpcPort()));
        command.addAll(List.of(options));
        Path output = Files.createTempFile(dir, "python", ".txt");
        ProcessBuilder producer =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        producer.environment().put("PYTHONPATH", stubs.toString());
        Process python = producer.start();
        assertThat(python.waitFor(2, TimeUnit.MINUTES)).as("the producer ends").isTrue();
        return new Run(python.exitValue(), Files.readString(output));
    }

    private static long committed() {
        try {
            return server.blockingStub()
                    .getJob(GetJobRequest.newBuilder().setJobId(JOB).build())
                    .getSummary()
                    .getCommittedOffset();
        } catch (StatusRuntimeException notYet) {
            return -1;
        }
    }

    /** Python's stubs, generated from proto/ as a Python build would. */
    private static Path generatedStubs(Path dir) throws Exception {
        Optional<File> protoc = onPath("protoc");
        Optional<File> plugin = onPath("grpc_python_plugin");
        boolean grpcio = protoc.isPresent()
                && new ProcessBuilder(python().toString(), "-c", "import grpc")
                                .start()
                                .waitFor()
                        == 0;
        if (protoc.isEmpty() || plugin.isEmpty() || !grpcio) {
            String missing =
                    "the Python producer test needs Debian's python3-grpcio, python3-protobuf, protobuf-compiler and"
                            + " protobuf-compiler-grpc";
            if ("required".equals(System.getenv("PYTHON_TESTS"))) {
                throw new IllegalStateException(missing);
            }
            Assumptions.abort(missing);
        }
        Path stubs = Files.createDirectories(dir.resolve("stubs"));
        Process generate = new ProcessBuilder(
                        protoc.get().toString(),
                        "-I",
                        Path.of("../proto/src/main/proto").toAbsolutePath().toString(),
                        "--python_out=" + stubs,
                        "--grpc_out=" + stubs,
                        "--plugin=protoc-gen-grpc=" + plugin.get(),
                        "productingest/v1/ingest.proto")
                .redirectErrorStream(true)
                .start();
        String output = new String(generate.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(generate.waitFor()).as(output).isZero();
        return stubs;
    }

    private static Path python() {
        // Debian's interpreter, where python3-grpcio is installed (a pyenv or venv python3 on the PATH may lack it).
        Path debian = Path.of("/usr/bin/python3");
        return Files.isExecutable(debian) ? debian : Path.of("python3");
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Optional<File> onPath(String program) {
        for (String path : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File candidate = new File(path, program);
            if (candidate.canExecute()) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
