package dev.productingest.perf;

import dev.productingest.server.embedded.EmbeddedPostgresServer;
import dev.productingest.server.embedded.EmbeddedRedisServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;

/**
 * Everything at once for a while, against one server JVM: loads of every kind (upserts, deletes, snapshots, streams
 * broken and resumed), REST readers, WatchJob watchers and jobs-page viewers, with Redis and then PostgreSQL restarted
 * under them, while {@link SoakSampler} follows the server's heap, threads, file descriptors and connections. At the
 * end every thread must have stopped, every job must have ended with the counts its load predicted, the products table
 * must equal the {@link ExpectedCatalog}, and every sampled figure must be flat ({@link Flatness}).
 */
final class Soak {
    // The loads in flight when the soak stops finish first; then readers, watchers and viewers stop within seconds.
    private static final long DRAIN_MILLIS = TimeUnit.MINUTES.toMillis(5);

    private final Path repo;
    private final Path dir;
    private final EmbeddedPostgresServer postgres;
    private final EmbeddedRedisServer redis;
    private final String url;

    /** @param url the JDBC URL of a database on {@code postgres} with the service's schema, empty */
    Soak(Path repo, Path dir, EmbeddedPostgresServer postgres, EmbeddedRedisServer redis, String url) {
        this.repo = repo;
        this.dir = dir;
        this.postgres = postgres;
        this.redis = redis;
        this.url = url;
    }

    SoakResult run(SoakPlan plan) throws Exception {
        Path log = dir.resolve("soak-server.log");
        Checks checks = new Checks(url);
        ExpectedCatalog catalog = new ExpectedCatalog();
        Map<String, JobCounts> jobs = new ConcurrentHashMap<>();
        List<SoakSample> samples;
        List<SoakFaults.Event> faults;
        SoakTally tally;
        try (ServerProcess server =
                ServerProcess.start(repo, SoakSampler.tagged(url), redis.url(), log, plan.serverHeap())) {
            long started = System.nanoTime();
            tally = new SoakTally(started + plan.duration().toNanos());
            SoakFaults restarts = new SoakFaults(redis, postgres, plan, tally, started);
            List<Thread> threads = new ArrayList<>();
            try (SoakSampler sampler = SoakSampler.start(server, url, redis, plan.sampleEvery())) {
                threads.addAll(workload(plan, server, catalog, jobs, tally));
                threads.add(start("soak-restarts", restarts));
                Bench.log("soak: %d threads for %s", threads.size(), plan.duration());
                long left = started + plan.duration().toNanos() - System.nanoTime();
                if (left > 0) {
                    Thread.sleep(TimeUnit.NANOSECONDS.toMillis(left));
                }
                // The samples are the run's: while its threads drain, the load falls and would flatter the last third.
                sampler.close();
                samples = sampler.samples();
            }
            awaitEnd(threads, tally);
            faults = restarts.events();
            checks.expect(
                    "the server still runs at the end",
                    1,
                    server.exitStatus(Duration.ZERO).isEmpty() ? 1 : 0);
        }
        checks.expect(
                "OutOfMemoryErrors in the server's log",
                0,
                Files.readString(log).split("OutOfMemoryError", -1).length - 1);
        checkJobs(checks, jobs);
        List<String> differences = catalog.differences(Jdbi.create(url));
        checks.expect(
                "products that differ from the expected catalog ("
                        + String.join("; ", differences.stream().limit(5).toList()) + ")",
                0,
                differences.size());
        writeSamples(samples);
        int warmUp = Flatness.warmUp(samples.size());
        Map<String, Integer> threadsGrown = samples.size() > warmUp
                ? samples.get(warmUp).threadsGrownBy(samples.get(samples.size() - 1))
                : Map.of();
        List<Flatness.Verdict> verdicts = new ArrayList<>();
        for (SoakFigure figure : SoakFigure.values()) {
            Flatness.Verdict verdict = Flatness.of(
                    figure, samples.stream().mapToDouble(s -> s.value(figure)).toArray(), warmUp);
            verdicts.add(verdict);
            checks.expect(
                    verdict.describe()
                            + (figure == SoakFigure.THREADS ? "; threads by name that grew: " + threadsGrown : ""),
                    1,
                    verdict.flat() ? 1 : 0);
        }
        List<String> failures = new ArrayList<>(tally.failures());
        failures.addAll(checks.failures());
        return new SoakResult(
                plan,
                samples,
                verdicts,
                faults,
                threadsGrown,
                tally.counts(),
                jobs.size(),
                catalog.size(),
                checks.passed(),
                failures);
    }

    /** The samples as CSV beside the server's log, for a closer look than the chart's. */
    private void writeSamples(List<SoakSample> samples) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("seconds,"
                + String.join(
                        ",", Arrays.stream(SoakFigure.values()).map(Enum::name).toList()));
        for (SoakSample s : samples) {
            lines.add(String.format(Locale.ROOT, "%.1f,", s.seconds())
                    + String.join(
                            ",",
                            Arrays.stream(SoakFigure.values())
                                    .map(f -> String.format(Locale.ROOT, "%.1f", s.value(f)))
                                    .toList()));
        }
        Files.write(dir.resolve("soak-samples.csv"), lines);
    }

    private List<Thread> workload(
            SoakPlan plan,
            ServerProcess server,
            ExpectedCatalog catalog,
            Map<String, JobCounts> jobs,
            SoakTally tally) {
        Instant base = SoakLoadPlans.base();
        List<SoakLoadPlans.Kind> kinds = List.of(
                new SoakLoadPlans.Upserts("upsert-a", plan.upsertRows(), base),
                new SoakLoadPlans.Upserts("upsert-b", plan.upsertRows(), base),
                new SoakLoadPlans.Deletes("delete", plan.deleteRows(), base),
                new SoakLoadPlans.Snapshots("snapshot", plan.snapshotRows()),
                new SoakLoadPlans.Broken("broken", plan.brokenRows(), base));
        Deque<String> started = new ConcurrentLinkedDeque<>();
        List<Thread> threads = new ArrayList<>();
        for (SoakLoadPlans.Kind kind : kinds) {
            threads.add(start(
                    "soak-load-" + kind.name(),
                    new LoadWorker(kind, server.target(), catalog, tally, jobs, started, plan.loadPauseMillis())));
        }
        List<String> prefixes = kinds.stream().map(SoakLoadPlans.Kind::name).toList();
        int skusEach = Math.min(
                Math.min(plan.upsertRows(), plan.snapshotRows()), Math.min(plan.deleteRows(), plan.brokenRows()));
        for (int k = 0; k < plan.readers(); k++) {
            threads.add(start(
                    "soak-reader-" + k,
                    new RestReader(server.httpPort(), prefixes, skusEach, tally, plan.readPauseMillis())));
        }
        for (int k = 0; k < plan.watchers(); k++) {
            threads.add(start("soak-watcher-" + k, new JobWatcher(server.target(), started, tally)));
        }
        for (int k = 0; k < plan.viewers(); k++) {
            threads.add(
                    start("soak-viewer-" + k, new JobsPageViewer(server.httpPort(), tally, plan.viewerStayMillis())));
        }
        return threads;
    }

    private static Thread start(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Waits for every thread of the workload to stop; one that does not is a failure, named. */
    private static void awaitEnd(List<Thread> threads, SoakTally tally) throws InterruptedException {
        Bench.log("soak: the workload stops; waiting for its threads");
        long stopped = System.nanoTime();
        long deadline = stopped + TimeUnit.MILLISECONDS.toNanos(DRAIN_MILLIS);
        for (Thread thread : threads) {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (!thread.isAlive()) {
                Bench.log(
                        "soak: %s ended %.1f s after the workload stopped",
                        thread.getName(), (System.nanoTime() - stopped) / 1e9);
            }
        }
        for (Thread thread : threads) {
            if (thread.isAlive()) {
                tally.fail(thread.getName() + " did not end within " + TimeUnit.MILLISECONDS.toMinutes(DRAIN_MILLIS)
                        + " minutes of the soak's end");
                thread.interrupt();
            }
        }
    }

    /** Every job the loads started: ended COMPLETED, with the counts its load predicted, as PostgreSQL has them. */
    private void checkJobs(Checks checks, Map<String, JobCounts> jobs) {
        Map<String, String> found = new ConcurrentHashMap<>();
        Jdbi.create(url)
                .useHandle(h -> h.createQuery(
                                "SELECT job_id, state, received, inserted, updated, unchanged, stale, deleted, rejected,"
                                        + " retired FROM ingest_jobs WHERE job_id = ANY (:ids)")
                        .bindArray("ids", String.class, List.copyOf(jobs.keySet()))
                        .map((rs, ctx) -> {
                            JobCounts counts = new JobCounts(
                                    rs.getLong("received"),
                                    rs.getLong("inserted"),
                                    rs.getLong("updated"),
                                    rs.getLong("unchanged"),
                                    rs.getLong("stale"),
                                    rs.getLong("deleted"),
                                    rs.getLong("rejected"),
                                    rs.getLong("retired"));
                            return Map.entry(rs.getString("job_id"), rs.getString("state") + " with " + counts);
                        })
                        .forEach(e -> found.put(e.getKey(), e.getValue())));
        long exact = 0;
        for (Map.Entry<String, JobCounts> job : jobs.entrySet()) {
            String want = "COMPLETED with " + job.getValue();
            String got = found.getOrDefault(job.getKey(), "missing");
            if (want.equals(got)) {
                exact++;
            } else {
                checks.expect(job.getKey() + ": " + got + "; expected " + want, 1, 0);
            }
        }
        checks.expect("jobs ended COMPLETED with exact counts", jobs.size(), exact);
    }
}
