package dev.productingest.perf;

import dev.productingest.client.IngestClient;
import dev.productingest.client.IngestException;
import dev.productingest.v1.Job;
import dev.productingest.v1.JobState;
import java.util.Deque;

/**
 * A WatchJob caller, as the CLI's {@code job --watch} is: watches the job started last, to its end, then the next. A
 * watch must end with its job ended; one that fails (a store restarting) is counted by its status and the watcher goes
 * on.
 */
final class JobWatcher implements Runnable {
    private final String target;
    private final Deque<String> started;
    private final SoakTally tally;

    JobWatcher(String target, Deque<String> started, SoakTally tally) {
        this.target = target;
        this.started = started;
        this.tally = tally;
    }

    @Override
    public void run() {
        String watched = null;
        try (IngestClient client = IngestClient.builder(target).build()) {
            while (tally.running()) {
                String job = started.peekLast();
                if (job == null || job.equals(watched)) {
                    tally.pause(200);
                    continue;
                }
                watched = job;
                try {
                    Job last = client.watch(job, change -> tally.count("WatchJob updates"));
                    if (last.getSummary().getState() == JobState.RUNNING) {
                        tally.fail("the watch of " + job + " ended while the job still ran");
                    } else {
                        tally.count("WatchJob watches to the job's end");
                    }
                } catch (IngestException e) {
                    tally.count("WatchJob " + e.code());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            tally.fail("a watcher stopped: " + e);
        }
    }
}
