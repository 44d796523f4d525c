package dev.productingest.server.jobs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One viewer's live feed of every job, from any server, through the commit channel WatchJob
 * callers use (no database read per viewer): each period, the newest state of each job that changed
 * since the last, so a viewer costs a small map whatever the number of batches, and an empty list
 * now and then, so that a viewer who left is noticed (its send fails) and the feed closed.
 */
public final class LiveJobFeed implements AutoCloseable {
    private final Map<String, JobProgress> changed = new LinkedHashMap<>();
    private final ProgressTracker.Subscription subscription;
    private final ScheduledFuture<?> ticks;
    private final Sender sender;
    private final int ticksPerKeepAlive;
    private int quietTicks;
    private boolean closed;

    /** Where a feed's changes go; an exception means the viewer is gone. */
    @FunctionalInterface
    public interface Sender {
        void send(List<JobProgress> changes) throws Exception;
    }

    private LiveJobFeed(ProgressTracker progress, ScheduledExecutorService timer, Duration period, Duration keepAlive, Sender sender) {
        this.sender = sender;
        this.ticksPerKeepAlive = (int) Math.max(1, keepAlive.toMillis() / period.toMillis());
        this.subscription = progress.watchAll(this::changed);
        this.ticks = timer.scheduleWithFixedDelay(this::tick, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts a feed: every {@code period} the changes, an empty list after {@code keepAlive} without any. */
    public static LiveJobFeed open(ProgressTracker progress, ScheduledExecutorService timer, Duration period, Duration keepAlive,
            Sender sender) {
        return new LiveJobFeed(progress, timer, period, keepAlive, sender);
    }

    private synchronized void changed(JobProgress job) {
        JobProgress before = changed.get(job.jobId());
        // Progress comes from several servers and paths in any order: the feed keeps the later one.
        if (before == null || !before.isNewerThan(job)) {
            changed.put(job.jobId(), job);
        }
    }

    private void tick() {
        List<JobProgress> batch;
        synchronized (this) {
            if (closed) {
                return;
            }
            batch = new ArrayList<>(changed.values());
            changed.clear();
            quietTicks = batch.isEmpty() ? quietTicks + 1 : 0;
            if (batch.isEmpty() && quietTicks < ticksPerKeepAlive) {
                return;
            }
            quietTicks = 0;
        }
        try {
            sender.send(batch);
        } catch (Exception viewerGone) {
            close();
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        subscription.close();
        ticks.cancel(false);
    }
}
