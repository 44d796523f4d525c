package dev.productingest.client.cli;

import dev.productingest.client.IngestClient;
import dev.productingest.client.IngestException;
import dev.productingest.v1.Job;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code watch ID}: a line each time a batch of the job commits, on whichever server writes it, until the job ends. */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = "Prints a job's counts each time a batch of it commits, until it ends; exits as load would.")
final class WatchCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "the job id")
    private String jobId;

    @Mixin
    private ServerAddress server;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
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
