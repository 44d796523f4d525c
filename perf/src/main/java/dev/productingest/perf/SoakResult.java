package dev.productingest.perf;

import java.util.List;
import java.util.Map;

/**
 * What a soak measured and found.
 *
 * @param threadsGrown the server's threads by name that were more at the last sample than at the first one judged
 * @param counts the work done, by what (loads of each kind, reads by status, watches, page views)
 * @param checksPassed how many of the end's checks held
 * @param failures every check that did not hold, and every thread that failed or did not end
 */
record SoakResult(
        SoakPlan plan,
        List<SoakSample> samples,
        List<Flatness.Verdict> verdicts,
        List<SoakFaults.Event> faults,
        Map<String, Integer> threadsGrown,
        Map<String, Long> counts,
        int jobs,
        int products,
        int checksPassed,
        List<String> failures) {

    boolean passed() {
        return failures.isEmpty();
    }
}
