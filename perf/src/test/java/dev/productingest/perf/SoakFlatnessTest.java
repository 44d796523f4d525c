package dev.productingest.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SoakFlatnessTest {

    @Test
    void aHeapThatGrowsSteadilyIsNotFlat() {
        // 60 MB growing by 0.5 MB a sample: a leak of 3 MB a minute at one sample every 10 s.
        double[] heap = IntStream.range(0, 180).mapToDouble(i -> 60 + 0.5 * i).toArray();

        Flatness.Verdict verdict = Flatness.of(SoakFigure.HEAP, heap, Flatness.warmUp(heap.length));

        assertThat(verdict.flat()).isFalse();
        assertThat(verdict.describe()).startsWith("heap after collection grew");
    }

    @Test
    void threadsThatLeakOneASampleAreNotFlat() {
        // A thread left behind by each load, at a load every 5 s of a two-minute run.
        double[] threads = IntStream.range(0, 24).mapToDouble(i -> 80 + i).toArray();

        assertThat(Flatness.of(SoakFigure.THREADS, threads, 1).flat()).isFalse();
    }

    @Test
    void aNoisyFigureWithoutGrowthIsFlat() {
        // Bursts in every third (a batch in flight at the moment of a sample), none of them a trend.
        double[] heap = IntStream.range(0, 24)
                .mapToDouble(i -> i % 4 == 0 ? 95 : 60 + (i % 3))
                .toArray();

        assertThat(Flatness.of(SoakFigure.HEAP, heap, 1).flat()).isTrue();
    }

    @Test
    void aWarmUpThatFillsPoolsIsLeftOut() {
        // The first samples are taken while the pools fill: 20, 40 and 60 threads, then 90 and flat.
        double[] threads = IntStream.range(0, 12)
                .mapToDouble(i -> i < 3 ? 20 * (i + 1) : 90)
                .toArray();

        assertThat(Flatness.of(SoakFigure.THREADS, threads, 0).flat()).isFalse();
        assertThat(Flatness.of(SoakFigure.THREADS, threads, 3).flat()).isTrue();
    }

    @Test
    void oneMoreConnectionOfAFewIsWithinTheFloor() {
        double[] connections = {4, 4, 5, 4, 4, 5, 5, 5, 5, 5, 5, 5};

        Flatness.Verdict verdict = Flatness.of(SoakFigure.DATABASE_CONNECTIONS, connections, 1);

        assertThat(verdict.flat()).isTrue();
        assertThat(Flatness.of(SoakFigure.DATABASE_CONNECTIONS, connections, 1, 0)
                        .flat())
                .as("without the floor")
                .isFalse();
    }

    @Test
    void connectionsThatKeepOpeningAreNotFlat() {
        double[] connections = IntStream.range(0, 30).mapToDouble(i -> 4 + i).toArray();

        assertThat(Flatness.of(SoakFigure.REDIS_CONNECTIONS, connections, 3).flat())
                .isFalse();
    }

    @Test
    void samplesLostToARestartAreLeftOut() {
        double[] connections = {6, 6, 6, Double.NaN, Double.NaN, 6, 6, 6, 6, 6};

        Flatness.Verdict verdict = Flatness.of(SoakFigure.REDIS_CONNECTIONS, connections, 1);

        assertThat(verdict.samples()).isEqualTo(7);
        assertThat(verdict.flat()).isTrue();
    }

    @Test
    void tooFewSamplesAreRefusedRatherThanJudged() {
        assertThatThrownBy(() -> Flatness.of(SoakFigure.HEAP, new double[] {50, 60, 70}, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 samples");
    }

    @Test
    void aDropIsNotGrowth() {
        double[] heap = IntStream.range(0, 30).mapToDouble(i -> 120 - 2 * i).toArray();

        assertThat(Flatness.of(SoakFigure.HEAP, heap, 1).flat()).isTrue();
    }
}
