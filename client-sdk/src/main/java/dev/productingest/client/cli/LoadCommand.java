package dev.productingest.client.cli;

import dev.productingest.client.CsvFormatException;
import dev.productingest.client.CsvRowSource;
import dev.productingest.client.DryRun;
import dev.productingest.client.IngestClient;
import dev.productingest.client.IngestException;
import dev.productingest.client.IngestOptions;
import dev.productingest.client.RetryPolicy;
import dev.productingest.client.RowSource;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.JobState;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code load FILE}: streams a CSV catalog or feed to the server and prints the job's summary. */
@Command(
        name = "load",
        mixinStandardHelpOptions = true,
        description =
                "Loads a CSV catalog (columns sku,name,description,category,price,currency,stock,active,updated_at"
                        + " and deleted in any order; '-' reads standard input) or a feed of part of each product"
                        + " (sku,price,currency,updated_at: prices; sku,stock,updated_at: stock) and prints the job's"
                        + " counts and rejected rows.")
final class LoadCommand implements Callable<Integer> {
    private static final int DRY_RUN_REJECTS = 100;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "the CSV file, or - for standard input")
    private String file;

    @Mixin
    private ServerAddress server;

    @Mixin
    private CsvFileOptions csvFile;

    @Option(
            names = "--job-id",
            description = "the job to start or resume; rerunning with the same id resumes where it stopped")
    private String jobId;

    @Option(names = "--chunk-rows", defaultValue = "1000", description = "rows per message (default: ${DEFAULT-VALUE})")
    private int chunkRows;

    @Option(
            names = "--chunk-bytes",
            defaultValue = "1048576",
            description =
                    "encoded bytes of rows per message, whichever of this and --chunk-rows comes first (default: ${DEFAULT-VALUE})")
    private long chunkBytes;

    @Option(
            names = "--stall-timeout",
            defaultValue = "120",
            description =
                    "seconds a stream may wait on the server with nothing sent or committed before it is resumed on a new one (default: ${DEFAULT-VALUE})")
    private long stallSeconds;

    @Option(
            names = "--expected-rows",
            paramLabel = "N",
            description =
                    "how many rows the file holds, when known: the jobs page and job reads show progress against it")
    private Long expectedRows;

    @Option(names = "--max-rejected", description = "fail the job once more rows than this are rejected")
    private Long maxRejected;

    @Option(
            names = "--snapshot",
            description =
                    "the file is the whole catalog: when it is loaded, stored products it does not"
                            + " carry are deleted (retired), unless that is more than the server's limit (10%% by default) of them")
    private boolean snapshot;

    @Option(
            names = "--snapshot-category",
            paramLabel = "CATEGORY",
            description =
                    "with --snapshot: the file is the whole of this category, and only products of it may be retired")
    private String snapshotCategory;

    @Option(
            names = "--allow-retire-share",
            paramLabel = "SHARE",
            description =
                    "with --snapshot: retire up to this share (0 to 1) of the stored products; above the server's limit"
                            + " it needs a credential with the admin scope")
    private Double allowRetireShare;

    @Option(
            names = "--as-of",
            paramLabel = "TIME",
            description =
                    "with --snapshot: when the file's data was taken (the export's time, ISO-8601 such as"
                            + " 2024-05-01T00:00:00Z); products written after it are never retired (default: the newest updated_at in the file)")
    private String asOf;

    @Option(names = "--dry-run", description = "check every row with the server's rules and report, sending nothing")
    private boolean dryRun;

    @Option(
            names = "--attempts",
            defaultValue = "24",
            description =
                    "streams in all when the server goes away; each resumes from the last committed row (default: ${DEFAULT-VALUE})")
    private int attempts;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (dryRun) {
            return dryRun(out, err);
        }
        if (!snapshot && (snapshotCategory != null || allowRetireShare != null || asOf != null)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--snapshot-category, --allow-retire-share and --as-of are for --snapshot loads");
        }
        if (expectedRows != null && expectedRows < 0) {
            throw new ParameterException(
                    spec.commandLine(), "--expected-rows must not be negative, got " + expectedRows);
        }
        IngestOptions options = IngestOptions.defaults()
                .withJobId(jobId)
                .withSource(file)
                .withMaxRejected(maxRejected)
                .withExpectedRows(expectedRows)
                .withSnapshot(snapshot ? new IngestOptions.Snapshot(snapshotCategory, allowRetireShare, asOf()) : null);
        long started = System.nanoTime();
        try (ProgressDisplay progress = ProgressDisplay.forThisProcess(err, jobId == null ? "load" : jobId);
                IngestClient client = server.client()
                        .chunkRows(chunkRows)
                        .chunkBytes(chunkBytes)
                        .stallTimeout(Duration.ofSeconds(stallSeconds))
                        .onProgress(Duration.ofSeconds(1), progress)
                        .retry(RetryPolicy.defaults().withAttempts(attempts))
                        .onRetry((attempt, most, failure, wait) -> err.printf(
                                "%s; attempt %d of %d, trying again in %.1f s%n",
                                failure.getMessage(), attempt, most, wait.toMillis() / 1000.0))
                        .build()) {
            // A file can be read again from the start: the load outlasts a server restart. Standard input cannot.
            IngestSummary summary =
                    "-".equals(file) ? loadOnce(client, options, csvFile) : client.load(options, this::openFile);
            progress.close();
            print(out, summary, Duration.ofNanos(System.nanoTime() - started));
            if (summary.getState() != JobState.COMPLETED) {
                err.println("error: job " + summary.getJobId() + " " + summary.getState() + ": " + summary.getError());
            }
            return JobPrinter.exitCode(summary);
        } catch (NoSuchFileException | CsvFormatException e) {
            return fileError(err, e);
        } catch (IngestException e) {
            // The SDK opens a reopenable source itself, so a file's own errors arrive as the cause.
            if (e.getCause() instanceof NoSuchFileException || e.getCause() instanceof CsvFormatException) {
                return fileError(err, (Exception) e.getCause());
            }
            err.println("error: the load did not finish: " + e.getMessage()
                    + (jobId == null
                            ? ""
                            : "\nrerun with --job-id " + jobId + " to resume from the last committed row"));
            return IngestCli.FAILED;
        }
    }

    private int fileError(PrintWriter err, Exception e) {
        err.println(
                e instanceof NoSuchFileException missing
                        ? "error: no such file: " + missing.getFile() + "; check the path"
                        : "error: " + file + ": " + e.getMessage());
        return IngestCli.FAILED;
    }

    private int dryRun(PrintWriter out, PrintWriter err) throws Exception {
        try (RowSource rows = "-".equals(file) ? CsvRowSource.open(System.in, csvFile.options()) : openFile()) {
            DryRun.Report report = DryRun.check(rows, DRY_RUN_REJECTS);
            out.printf(
                    "dry run of %s: %d rows, %d would be rejected; nothing was sent%n",
                    file, report.rows(), report.rejected());
            JobPrinter.rejects(
                    out,
                    IngestSummary.newBuilder()
                            .setRejected(report.rejected())
                            .addAllFirstRejects(report.firstRejects())
                            .build());
            out.flush();
            return report.rejected() > 0 ? IngestCli.SOME_REJECTED : IngestCli.ACCEPTED;
        } catch (NoSuchFileException | CsvFormatException e) {
            return fileError(err, e);
        }
    }

    private RowSource openFile() throws IOException {
        return CsvRowSource.open(Path.of(file), csvFile.options());
    }

    /** The --as-of time: an ISO-8601 instant, or a date and time with its offset. */
    private Instant asOf() {
        if (asOf == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(asOf).toInstant();
        } catch (DateTimeParseException e) {
            throw new ParameterException(
                    spec.commandLine(), "--as-of '" + asOf + "' is not a time such as 2024-05-01T00:00:00Z");
        }
    }

    private static IngestSummary loadOnce(IngestClient client, IngestOptions options, CsvFileOptions csvFile)
            throws Exception {
        try (RowSource rows = CsvRowSource.open(System.in, csvFile.options())) {
            return client.load(options, rows);
        }
    }

    private static void print(PrintWriter out, IngestSummary s, Duration took) {
        double seconds = Math.max(took.toNanos() / 1e9, 1e-9);
        JobPrinter.counts(out, s);
        out.printf("took %.1f s, %.0f rows/s%n", seconds, s.getReceived() / seconds);
        JobPrinter.rejects(out, s);
        out.flush();
    }
}
