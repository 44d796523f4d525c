package dev.productingest.server.metrics;

import com.codahale.metrics.Reservoir;
import com.codahale.metrics.Snapshot;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.stream.LongStream;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.HdrHistogram.Recorder;

/**
 * Every value since the start or the last {@link #reset()}, in an HdrHistogram (3 significant digits), rather than the
 * sample Dropwizard's default reservoir keeps: a p99 over a whole load is exact, however many batches it wrote.
 * Recording is lock-free; reading folds what was recorded since the last read into the running total.
 */
public final class HdrHistogramReservoir implements Reservoir {
    private final Recorder recorder = new Recorder(3);
    private final Histogram total = new Histogram(3);
    private Histogram interval;

    @Override
    public void update(long value) {
        recorder.recordValue(value);
    }

    @Override
    public int size() {
        return (int) Math.min(Integer.MAX_VALUE, totalCopy().getTotalCount());
    }

    @Override
    public Snapshot getSnapshot() {
        return new HistogramSnapshot(totalCopy());
    }

    /** Forgets every value recorded so far. */
    public synchronized void reset() {
        foldRecorded();
        total.reset();
    }

    private synchronized Histogram totalCopy() {
        foldRecorded();
        return total.copy();
    }

    private void foldRecorded() {
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
    }

    private static final class HistogramSnapshot extends Snapshot {
        private final Histogram histogram;

        HistogramSnapshot(Histogram histogram) {
            this.histogram = histogram;
        }

        @Override
        public double getValue(double quantile) {
            return histogram.getValueAtPercentile(quantile * 100);
        }

        /** The distinct recorded values (HdrHistogram's buckets), one entry per bucket. */
        @Override
        public long[] getValues() {
            LongStream.Builder values = LongStream.builder();
            for (HistogramIterationValue v : histogram.recordedValues()) {
                values.add(v.getValueIteratedTo());
            }
            return values.build().toArray();
        }

        @Override
        public int size() {
            return (int) Math.min(Integer.MAX_VALUE, histogram.getTotalCount());
        }

        @Override
        public long getMax() {
            return histogram.getTotalCount() == 0 ? 0 : histogram.getMaxValue();
        }

        @Override
        public double getMean() {
            return histogram.getTotalCount() == 0 ? 0 : histogram.getMean();
        }

        @Override
        public long getMin() {
            return histogram.getTotalCount() == 0 ? 0 : histogram.getMinValue();
        }

        @Override
        public double getStdDev() {
            return histogram.getTotalCount() == 0 ? 0 : histogram.getStdDeviation();
        }

        @Override
        public void dump(OutputStream output) {
            try (PrintWriter out = new PrintWriter(output, false, StandardCharsets.UTF_8)) {
                for (long value : getValues()) {
                    out.println(value);
                }
            }
        }
    }
}
