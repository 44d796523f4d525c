package dev.productingest.perf;

import dev.productingest.client.IngestClient;
import dev.productingest.client.RetryPolicy;
import dev.productingest.client.RowSource;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.JobState;
import java.util.Deque;
import java.util.Map;

/**
 * One kind of load, one load after another through the SDK until the soak stops, each checked against the counts the
 * catalog predicted for it. A load that fails ends the worker: the catalog can no longer say what the table holds.
 */
final class LoadWorker implements Runnable {
    private final SoakLoadPlans.Kind kind;
    private final String target;
    private final ExpectedCatalog catalog;
    private final SoakTally tally;
    private final Map<String, JobCounts> jobs;
    private final Deque<String> started;
    private final long pauseMillis;

    /**
     * @param jobs where each load's job and its expected counts go, for the check at the end
     * @param started the jobs as they start, for the watchers
     */
    LoadWorker(
            SoakLoadPlans.Kind kind,
            String target,
            ExpectedCatalog catalog,
            SoakTally tally,
            Map<String, JobCounts> jobs,
            Deque<String> started,
            long pauseMillis) {
        this.kind = kind;
        this.target = target;
        this.catalog = catalog;
        this.tally = tally;
        this.jobs = jobs;
        this.started = started;
        this.pauseMillis = pauseMillis;
    }

    @Override
    public void run() {
        int load = 0;
        // Patient: each load must outlast a database restart (and the lease of a stream it broke).
        try (IngestClient client = IngestClient.builder(target)
                .retry(RetryPolicy.defaults().withAttempts(40))
                .onRetry((attempt, attempts, failure, wait) -> tally.count("load retries"))
                .build()) {
            for (; tally.running(); load++) {
                SoakLoadPlans.PlannedLoad planned = kind.next(load, catalog);
                jobs.put(planned.jobId(), planned.expected());
                started.add(planned.jobId());
                if (planned.broken()) {
                    BrokenStream.commitThenBreak(
                            target, planned.jobId(), planned.rows().subList(0, planned.breakAfter()));
                }
                IngestSummary summary = client.load(
                        planned.options().withJobId(planned.jobId()),
                        () -> RowSource.of(planned.rows().iterator()));
                if (summary.getState() != JobState.COMPLETED
                        || !JobCounts.of(summary).equals(planned.expected())) {
                    tally.fail(planned.jobId() + " ended " + summary.getState() + " with " + JobCounts.of(summary)
                            + "; expected COMPLETED with " + planned.expected());
                }
                tally.count("loads: " + kind.name());
                tally.add("rows loaded", planned.rows().size());
                tally.pause(pauseMillis);
            }
        } catch (Exception e) {
            tally.fail(kind.name() + ": load " + load + " failed: " + e);
        }
    }
}
