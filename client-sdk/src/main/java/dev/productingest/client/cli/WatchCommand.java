package dev.productingest.client.cli;

import dev.productingest.client.IngestClient;
import dev.productingest.client.IngestException;
import dev.productingest.v1.Job;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** {@code watch ID}: a line each time a batch of the job commits, on whichever server writes it, until the job ends. */
@Command(
        name = "watch",
        mixinStandardHelpOptions = true,
        description = "Prints a job's counts each time a batch of it commits, until it ends; exits as load would.")
final class WatchCommand extends JobIdCommand {
    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        PrintWriter err = err();
        try (IngestClient client = server.client().build()) {
            Job last = client.watch(jobId, job -> {
                JobPrinter.counts(out, job.getSummary());
                out.flush();
            });
            JobPrinter.rejects(out, last.getSummary());
            out.flush();
            return JobPrinter.exitCode(last.getSummary());
        } catch (IngestException e) {
            err.println("error: " + e.getMessage() + "; check the job id and --server " + server.target());
            return IngestCli.FAILED;
        }
    }
}
