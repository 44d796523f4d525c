package dev.productingest.server.metrics;

import com.codahale.metrics.Snapshot;
import io.dropwizard.servlets.tasks.Task;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST /tasks/batch-latency} on the admin port: how long batch writes took since the start or the last reset
 * (count, p50, p90, p99, max, in milliseconds); {@code ?reset=true} then starts a new window, to measure one load on
 * its own.
 */
public final class BatchLatencyTask extends Task {
    private final HdrHistogramReservoir latencies;

    public BatchLatencyTask(HdrHistogramReservoir latencies) {
        super("batch-latency");
        this.latencies = latencies;
    }

    @Override
    public void execute(Map<String, List<String>> parameters, PrintWriter output) {
        Snapshot s = latencies.getSnapshot();
        output.printf(
                Locale.ROOT,
                "batches %d%np50_ms %.3f%np90_ms %.3f%np99_ms %.3f%nmax_ms %.3f%n",
                s.size(),
                s.getMedian() / 1e6,
                s.getValue(0.90) / 1e6,
                s.get99thPercentile() / 1e6,
                s.getMax() / 1e6);
        if (parameters.getOrDefault("reset", List.of()).contains("true")) {
            latencies.reset();
        }
    }
}
