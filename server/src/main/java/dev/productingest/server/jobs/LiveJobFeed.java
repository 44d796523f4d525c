package dev.productingest.server.jobs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One viewer's live feed of every job, from any server, through the commit channel WatchJob callers use (no database
 * read per viewer): each period, the newest state of each job that changed since the last, so a viewer costs a small
 * map whatever the number of batches, and an empty list now and then, so that a viewer who left is noticed (its send
 * fails) and the feed closed.
 *
 * <p>Each viewer is served on its own: the timer only hands a feed's changes to the {@code sends} executor, and a feed
 * has at most one send in flight, so a pool with a thread for each admitted viewer always has one free for every feed,
 * and a viewer who stops reading blocks only its own thread. Changes that arrive during a send wait for the next one,
 * merged. A send still in flight after {@code sendTimeout} means the viewer takes no data: its connection is cut, which
 * ends the send, and the feed ends.
 */
public final class LiveJobFeed implements AutoCloseable {
    private final Map<String, JobProgress> changed = new LinkedHashMap<>();
    private final Viewer viewer;
    private final Executor sends;
    private final long sendTimeoutNanos;
    private final int ticksPerKeepAlive;
    private final Subscription subscription;
    private final ScheduledFuture<?> ticks;
    private int quietTicks;
    private boolean sending;
    private long sendStarted;
    private boolean closed;
    private boolean ended;

    /** Where a feed's changes go. */
    public interface Viewer {
        /** Sends the changes, or a keep-alive when there are none; an exception means the viewer is gone. */
        void send(List<JobProgress> changes) throws Exception;

        /** The viewer took nothing for the send timeout: end its connection, so that the send in flight fails. */
        void cutOff();

        /** The feed is over and none of its sends is in flight any more; called once. */
        void ended();
    }

    /**
     * @param period how often changes go out
     * @param keepAlive the longest a viewer goes without a send (an empty list when nothing changed)
     * @param sendTimeout the longest one send may take before the viewer is cut off
     */
    public record Timing(Duration period, Duration keepAlive, Duration sendTimeout) {}

    private LiveJobFeed(
            CommitChannel commits, ScheduledExecutorService timer, Executor sends, Timing timing, Viewer viewer) {
        this.viewer = viewer;
        this.sends = sends;
        this.sendTimeoutNanos = timing.sendTimeout().toNanos();
        this.ticksPerKeepAlive = (int)
                Math.max(1, timing.keepAlive().toMillis() / timing.period().toMillis());
        this.subscription = commits.watchAll(this::changed);
        long period = timing.period().toMillis();
        this.ticks = timer.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
    }

    /** Starts a feed: every period the changes, sent on {@code sends}; an empty list after keepAlive without any. */
    public static LiveJobFeed open(
            CommitChannel commits, ScheduledExecutorService timer, Executor sends, Timing timing, Viewer viewer) {
        return new LiveJobFeed(commits, timer, sends, timing, viewer);
    }

    private synchronized void changed(JobProgress job) {
        JobProgress before = changed.get(job.jobId());
        // Progress comes from several servers and paths in any order: the feed keeps the later one.
        if (before == null || !before.isNewerThan(job)) {
            changed.put(job.jobId(), job);
        }
    }

    private void tick() {
        List<JobProgress> batch = null;
        boolean stalled = false;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (sending) {
                stalled = System.nanoTime() - sendStarted > sendTimeoutNanos;
            } else {
                batch = takeChanges();
                if (batch != null) {
                    sending = true;
                    sendStarted = System.nanoTime();
                }
            }
        }
        if (stalled) {
            cutOff();
        } else if (batch != null) {
            dispatch(batch);
        }
    }

    private void dispatch(List<JobProgress> batch) {
        try {
            sends.execute(() -> send(batch));
        } catch (RejectedExecutionException stopping) {
            sent(false);
        }
    }

    /** The changes to send now, an empty list when a keep-alive is due, or null for nothing this tick. */
    private List<JobProgress> takeChanges() {
        List<JobProgress> batch = new ArrayList<>(changed.values());
        changed.clear();
        quietTicks = batch.isEmpty() ? quietTicks + 1 : 0;
        if (batch.isEmpty() && quietTicks < ticksPerKeepAlive) {
            return null;
        }
        quietTicks = 0;
        return batch;
    }

    private void send(List<JobProgress> batch) {
        boolean delivered;
        try {
            viewer.send(batch);
            delivered = true;
        } catch (Exception viewerGone) {
            delivered = false;
        }
        sent(delivered);
    }

    private void sent(boolean delivered) {
        synchronized (this) {
            sending = false;
        }
        if (delivered) {
            endIfDone();
        } else {
            close();
        }
    }

    /** Ends the feed and cuts its viewer's connection, whatever the feed is doing. */
    public void cutOff() {
        close();
        viewer.cutOff();
    }

    @Override
    public void close() {
        boolean closing;
        synchronized (this) {
            closing = !closed;
            closed = true;
        }
        if (closing) {
            subscription.close();
            ticks.cancel(false);
        }
        endIfDone();
    }

    private void endIfDone() {
        synchronized (this) {
            if (!closed || sending || ended) {
                return;
            }
            ended = true;
        }
        viewer.ended();
    }
}
