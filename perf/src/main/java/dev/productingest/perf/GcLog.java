package dev.productingest.perf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a JVM's own GC log ({@code -Xlog:gc:file=...}) says of its heap: the most it used before a collection (its peak)
 * and the most still live after one (what it really needs).
 */
record GcLog(long collections, long fullCollections, long peakUsedMb, long maxLiveMb) {
    static final GcLog NONE = new GcLog(0, 0, 0, 0);

    // G1's line per collection: "[12.345s][info][gc] GC(7) Pause Young ... 45M->7M(64M) 3.1ms".
    private static final Pattern COLLECTION = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");
    private static final Pattern UPTIME = Pattern.compile("^\\[(\\d+\\.\\d+)s\\]");

    /** The JVM option that writes the log this reads. */
    static String option(Path file) {
        return "-Xlog:gc:file=" + file;
    }

    static GcLog read(Path file) throws IOException {
        return read(file, 0, Double.MAX_VALUE);
    }

    /** The collections between two moments of the JVM's uptime, in seconds: one load's, on a server that ran many. */
    static GcLog read(Path file, double fromUptime, double toUptime) throws IOException {
        long collections = 0;
        long full = 0;
        long peak = 0;
        long live = 0;
        for (String line : Files.readAllLines(file)) {
            Matcher m = COLLECTION.matcher(line);
            Matcher at = UPTIME.matcher(line);
            double uptime = at.find() ? Double.parseDouble(at.group(1)) : 0;
            if (m.find() && uptime >= fromUptime && uptime <= toUptime) {
                collections++;
                full += line.contains("Pause Full") ? 1 : 0;
                peak = Math.max(peak, Long.parseLong(m.group(1)));
                live = Math.max(live, Long.parseLong(m.group(2)));
            }
        }
        return new GcLog(collections, full, peak, live);
    }

    /** Two logs together (several loads, or several processes): collections added up, heap figures the larger. */
    GcLog max(GcLog other) {
        return new GcLog(
                collections + other.collections,
                fullCollections + other.fullCollections,
                Math.max(peakUsedMb, other.peakUsedMb),
                Math.max(maxLiveMb, other.maxLiveMb));
    }
}
