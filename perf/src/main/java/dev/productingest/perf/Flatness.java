package dev.productingest.perf;

import java.util.Arrays;
import java.util.Locale;

/**
 * Whether a sampled figure stayed flat: the median of the last third of its samples at most a share (10%) above the
 * median of the first third, plus an absolute floor. A leak grows without end, so over a long enough run its last third
 * stands above its first whatever the noise; a figure that only wobbles does not.
 *
 * <p>Why medians of thirds, a warm-up left out and a floor: on a shared two-core machine a single sample can catch a
 * burst (a batch in flight, a collection still running, another build's CPU), and in a short run each third holds only
 * a few samples, so a mean or a single point would fail a figure that does not grow; the first samples are taken while
 * pools fill and the JIT compiles, growth that stops; and a figure of a few units (connections) cannot move by less
 * than one.
 */
final class Flatness {
    static final double SHARE = 0.10;

    private Flatness() {}

    /** The verdict on one figure, and the numbers it was drawn from. */
    record Verdict(SoakFigure figure, double firstThird, double lastThird, double limit, int samples) {
        boolean flat() {
            return lastThird <= limit;
        }

        /** What a failure says: the figure that grew, by how much. */
        String describe() {
            return String.format(
                    Locale.ROOT,
                    "%s %s: median of the first third %.1f, of the last third %.1f (limit %.1f, %d samples)",
                    figure.label,
                    flat() ? "flat" : "grew",
                    firstThird,
                    lastThird,
                    limit,
                    samples);
        }
    }

    /**
     * @param series the figure's samples in time order; NaN where a sample could not be read (a store restarting), left
     *     out
     * @param warmUp how many samples at the start to leave out
     */
    static Verdict of(SoakFigure figure, double[] series, int warmUp) {
        return of(figure, series, warmUp, figure.floor);
    }

    static Verdict of(SoakFigure figure, double[] series, int warmUp, double floor) {
        double[] kept = Arrays.stream(series)
                .skip(Math.min(warmUp, series.length))
                .filter(v -> !Double.isNaN(v))
                .toArray();
        if (kept.length < 3) {
            throw new IllegalArgumentException(
                    figure.label + ": " + kept.length + " samples after the warm-up; a third of them needs 3 at least");
        }
        int third = kept.length / 3;
        double first = Bench.median(Arrays.copyOfRange(kept, 0, third));
        double last = Bench.median(Arrays.copyOfRange(kept, kept.length - third, kept.length));
        return new Verdict(figure, first, last, first * (1 + SHARE) + floor, kept.length);
    }

    /** The samples to leave out at the start: one, or a tenth of a long run's. */
    static int warmUp(int samples) {
        return Math.max(1, samples / 10);
    }
}
