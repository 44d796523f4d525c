package dev.productingest.client.cli;

import dev.productingest.client.IngestClient;
import dev.productingest.client.IngestException;
import dev.productingest.v1.Job;
import dev.productingest.v1.JobState;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine.Command;

/** {@code job ID}: prints a job's state and counts, from any server. */
@Command(
        name = "job",
        mixinStandardHelpOptions = true,
        description = "Prints a job's state, counts and first rejected rows.")
final class JobCommand extends JobIdCommand {
    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        PrintWriter err = err();
        try (IngestClient client = server.client().build()) {
            Optional<Job> job = client.job(jobId);
            if (job.isEmpty()) {
                err.println("error: no job " + jobId + " on " + server.target()
                        + "; check the id, or start it with: load FILE --job-id " + jobId);
                return IngestCli.FAILED;
            }
            JobPrinter.job(out, job.get());
            out.flush();
            return job.get().getSummary().getState() == JobState.RUNNING
                    ? IngestCli.ACCEPTED
                    : JobPrinter.exitCode(job.get().getSummary());
        } catch (IngestException e) {
            err.println("error: " + e.getMessage() + "; check --server " + server.target());
            return IngestCli.FAILED;
        }
    }
}
