package dev.productingest.client.cli;

import de.siegmar.fastcsv.writer.CsvWriter;
import dev.productingest.client.IngestClient;
import dev.productingest.client.IngestException;
import dev.productingest.csv.RejectCsv;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rejects ID [--out FILE]}: every rejected row of a job as CSV (offset, sku, field, reason), safe to open in a
 * spreadsheet.
 */
@Command(
        name = "rejects",
        mixinStandardHelpOptions = true,
        description =
                "Writes every rejected row of a job as CSV (offset,sku,field,reason) to standard output or --out FILE.")
final class RejectsCommand extends JobIdCommand {
    @Option(names = "--out", paramLabel = "FILE", description = "write the CSV here instead of standard output")
    private Path outFile;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        PrintWriter err = err();
        try (IngestClient client = server.client().build();
                CsvWriter csv = outFile == null
                        ? CsvWriter.builder().build(out)
                        : CsvWriter.builder().build(outFile)) {
            csv.writeRecord(RejectCsv.HEADER);
            long count = client.rejects(jobId, e -> csv.writeRecord(RejectCsv.record(e)));
            csv.flush();
            if (outFile != null) {
                out.printf("%d rejected rows of job %s written to %s%n", count, jobId, outFile);
            }
            out.flush();
            return IngestCli.ACCEPTED;
        } catch (IngestException e) {
            err.println("error: " + e.getMessage() + "; check the job id (the job command shows it) and --server "
                    + server.target());
            return IngestCli.FAILED;
        } catch (IOException | UncheckedIOException e) {
            err.println(
                    "error: cannot write " + outFile + ": " + e.getMessage() + "; check the path and its permissions");
            return IngestCli.FAILED;
        }
    }
}
