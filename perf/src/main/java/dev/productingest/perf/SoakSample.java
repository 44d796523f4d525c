package dev.productingest.perf;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The server's figures at one moment of the soak; NaN for one that could not be read then (its store restarting).
 *
 * @param threadNames the server's threads by name, digits left out (a pool's threads under one name): what tells which
 *     pool grew when the thread count does
 */
record SoakSample(double seconds, Map<SoakFigure, Double> values, Map<String, Integer> threadNames) {
    SoakSample {
        values = new EnumMap<>(values);
        threadNames = Map.copyOf(threadNames);
    }

    /** The names whose threads are more in {@code later} than here, with how many more. */
    Map<String, Integer> threadsGrownBy(SoakSample later) {
        Map<String, Integer> grown = new TreeMap<>();
        later.threadNames.forEach((name, n) -> {
            int more = n - threadNames.getOrDefault(name, 0);
            if (more > 0) {
                grown.put(name, more);
            }
        });
        return grown;
    }

    double value(SoakFigure figure) {
        return values.getOrDefault(figure, Double.NaN);
    }
}
