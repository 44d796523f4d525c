package dev.productingest.client.cli;

import dev.productingest.client.LoadProgress;
import java.io.PrintWriter;
import java.time.Duration;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * A load's progress on standard error, leaving standard output to the summary: a live progress bar on a terminal, a
 * plain line every few seconds otherwise (a log file, a CI job).
 */
final class ProgressDisplay implements LoadProgress.Listener, AutoCloseable {
    private static final Duration PLAIN_EVERY = Duration.ofSeconds(5);

    private final PrintWriter err;
    private final ProgressBar bar;
    private long lastLine = System.nanoTime();
    private boolean closed;

    private ProgressDisplay(PrintWriter err, ProgressBar bar) {
        this.err = err;
        this.bar = bar;
    }

    static ProgressDisplay forThisProcess(PrintWriter err, String jobLabel) {
        if (System.console() == null) {
            return new ProgressDisplay(err, null);
        }
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(jobLabel)
                .setInitialMax(-1)
                .setUnit(" rows", 1)
                .showSpeed()
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .build();
        return new ProgressDisplay(err, bar);
    }

    @Override
    public synchronized void progress(LoadProgress p) {
        if (closed) {
            return;
        }
        if (bar != null) {
            bar.stepTo(p.rowsCommitted());
            bar.setExtraMessage(" (" + p.rowsSent() + " sent)");
            return;
        }
        if (System.nanoTime() - lastLine >= PLAIN_EVERY.toNanos()) {
            lastLine = System.nanoTime();
            err.printf(
                    "job %s: %d rows committed, %d sent, %.0f rows/s%s%n",
                    p.jobId(),
                    p.rowsCommitted(),
                    p.rowsSent(),
                    p.rowsPerSecond(),
                    p.eta().map(eta -> ", about " + eta.toSeconds() + " s left").orElse(""));
            err.flush();
        }
    }

    /** Draws the bar a last time and lets go of the terminal; closing again does nothing. */
    @Override
    public synchronized void close() {
        if (bar != null && !closed) {
            closed = true;
            bar.close();
        }
    }
}
