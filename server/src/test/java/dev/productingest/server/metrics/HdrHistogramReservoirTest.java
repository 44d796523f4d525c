package dev.productingest.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.codahale.metrics.Snapshot;
import org.junit.jupiter.api.Test;

class HdrHistogramReservoirTest {
    @Test
    void percentilesCoverEveryRecordedValueNotASample() {
        HdrHistogramReservoir reservoir = new HdrHistogramReservoir();
        for (long v = 1; v <= 100_000; v++) {
            reservoir.update(v * 1000);
        }
        Snapshot s = reservoir.getSnapshot();
        assertThat(s.size()).isEqualTo(100_000);
        assertThat(s.getMedian()).isCloseTo(50_000_000, within(50_000_000 * 0.001));
        assertThat(s.get99thPercentile()).isCloseTo(99_000_000, within(99_000_000 * 0.001));
        assertThat(s.getMax()).isCloseTo(100_000_000L, within(100_000L));
        assertThat(s.getMin()).isEqualTo(1000);
    }

    @Test
    void resetStartsANewWindowAndKeepsLaterValues() {
        HdrHistogramReservoir reservoir = new HdrHistogramReservoir();
        reservoir.update(5_000_000);
        assertThat(reservoir.size()).isEqualTo(1);

        reservoir.reset();
        assertThat(reservoir.size()).isZero();
        assertThat(reservoir.getSnapshot().getMax()).isZero();

        reservoir.update(7_000);
        reservoir.update(9_000);
        assertThat(reservoir.getSnapshot().getMax()).isCloseTo(9_000L, within(10L));
        assertThat(reservoir.size()).isEqualTo(2);
    }
}
