package dev.productingest.perf;

import dev.productingest.server.testing.RedisCommands;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the CLI loads of one scenario and checks their jobs, each producer with the same -Xmx. */
final class CliLoads {
    private final Path repo;
    private final Path dir;
    private final SqlStatementCount sql;
    private final RedisCommands redis;
    private final Checks checks;
    private final long postmaster;
    private final String clientHeap;

    CliLoads(
            Path repo,
            Path dir,
            SqlStatementCount sql,
            RedisCommands redis,
            Checks checks,
            long postmaster,
            String clientHeap) {
        this.postmaster = postmaster;
        this.repo = repo;
        this.dir = dir;
        this.sql = sql;
        this.redis = redis;
        this.checks = checks;
        this.clientHeap = clientHeap;
    }

    /**
     * One producer per file, producer k sending to server k mod servers, in one measured window; returns the job ids.
     *
     * @param options more options of each CLI's {@code load}
     */
    List<String> run(
            Scenario scenario,
            List<ServerProcess> servers,
            String jobPrefix,
            List<Path> files,
            long totalRows,
            String... options)
            throws Exception {
        Window window = Window.open(sql, redis, servers, postmaster);
        LoadedJobs loaded = cli(servers, jobPrefix, files, options);
        window.close(scenario, totalRows, loaded.clientHeap());
        return loaded.jobIds();
    }

    /** The same loads, unmeasured: to warm a server up. */
    LoadedJobs cli(List<ServerProcess> servers, String jobPrefix, List<Path> files, String... options)
            throws Exception {
        List<CliLoad> loads = new ArrayList<>();
        List<String> jobIds = new ArrayList<>();
        for (int k = 0; k < files.size(); k++) {
            String jobId = files.size() == 1 ? jobPrefix : jobPrefix + "-p" + k;
            jobIds.add(jobId);
            loads.add(CliLoad.start(
                    repo,
                    dir,
                    servers.get(k % servers.size()).target(),
                    files.get(k),
                    jobId,
                    clientHeap,
                    List.of(options)));
        }
        return new LoadedJobs(jobIds, CliLoad.awaitAll(loads));
    }

    void expectJobs(String scenario, List<String> jobIds, long received, long inserted, long updated, long unchanged)
            throws Exception {
        Checks.Counts c = checks.jobs(jobIds);
        checks.expect(scenario + ": jobs completed", jobIds.size(), c.completed());
        checks.expect(scenario + ": rows received", received, c.received());
        checks.expect(scenario + ": inserted", inserted, c.inserted());
        checks.expect(scenario + ": updated", updated, c.updated());
        checks.expect(scenario + ": unchanged", unchanged, c.unchanged());
        checks.expect(scenario + ": rejected", 0, c.rejected());
    }

    record LoadedJobs(List<String> jobIds, GcLog clientHeap) {}
}
