package dev.productingest.client.cli;

import dev.productingest.client.CsvFormatException;
import dev.productingest.client.CsvRowSource;
import dev.productingest.client.IngestClient;
import dev.productingest.client.IngestException;
import dev.productingest.client.IngestOptions;
import dev.productingest.client.RowSource;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.JobState;
import dev.productingest.v1.RowError;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code load FILE}: streams a CSV catalog to the server and prints the job's summary. */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Loads a CSV catalog (columns sku,name,description,category,price,currency,stock,active,updated_at"
                + " in any order; '-' reads standard input) and prints the job's counts and rejected rows.")
final class LoadCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "the CSV file, or - for standard input")
    private String file;

    @Option(names = "--server", defaultValue = "localhost:50051", description = "the server's gRPC address (default: ${DEFAULT-VALUE})")
    private String server;

    @Option(names = "--job-id", description = "the job to start or resume; rerunning with the same id resumes where it stopped")
    private String jobId;

    @Option(names = "--chunk-rows", defaultValue = "1000", description = "rows per message (default: ${DEFAULT-VALUE})")
    private int chunkRows;

    @Option(names = "--max-rejected", description = "fail the job once more rows than this are rejected")
    private Long maxRejected;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        IngestOptions options = IngestOptions.defaults().withJobId(jobId).withSource(file).withMaxRejected(maxRejected);
        long started = System.nanoTime();
        try (IngestClient client = IngestClient.builder(server).chunkRows(chunkRows).build();
             RowSource rows = open()) {
            IngestSummary summary = client.load(options, rows);
            print(out, summary, Duration.ofNanos(System.nanoTime() - started));
            if (summary.getState() != JobState.COMPLETED) {
                err.println("error: job " + summary.getJobId() + " " + summary.getState() + ": " + summary.getError());
                return IngestCli.FAILED;
            }
            return summary.getRejected() > 0 ? IngestCli.SOME_REJECTED : IngestCli.ACCEPTED;
        } catch (NoSuchFileException e) {
            err.println("error: no such file: " + e.getFile());
            return IngestCli.FAILED;
        } catch (CsvFormatException e) {
            err.println("error: " + file + ": " + e.getMessage());
            return IngestCli.FAILED;
        } catch (IngestException e) {
            err.println("error: the load did not finish: " + e.getMessage()
                    + (jobId == null ? "" : "\nrerun with --job-id " + jobId + " to resume from the last committed row"));
            return IngestCli.FAILED;
        }
    }

    private RowSource open() throws Exception {
        return "-".equals(file) ? CsvRowSource.open(System.in) : CsvRowSource.open(Files.newInputStream(Path.of(file)));
    }

    private static void print(PrintWriter out, IngestSummary s, Duration took) {
        double seconds = Math.max(took.toNanos() / 1e9, 1e-9);
        out.printf("job %s %s: received %d, inserted %d, updated %d, unchanged %d, stale %d, rejected %d; committed offset %d%n",
                s.getJobId(), s.getState(), s.getReceived(), s.getInserted(), s.getUpdated(), s.getUnchanged(), s.getStale(),
                s.getRejected(), s.getCommittedOffset());
        out.printf("took %.1f s, %.0f rows/s%n", seconds, s.getReceived() / seconds);
        if (s.getFirstRejectsCount() > 0) {
            out.printf("rejected rows (first %d of %d):%n", s.getFirstRejectsCount(), s.getRejected());
            for (RowError e : s.getFirstRejectsList()) {
                out.printf("  offset %d sku '%s' %s: %s%n", e.getOffset(), e.getSku(), e.getField(), e.getReason());
            }
        }
        out.flush();
    }
}
