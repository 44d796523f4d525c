package dev.productingest.perf;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The soak's section of perf/RESULTS.md: how it ran, each figure's first and last thirds, the checks, the work done and
 * the chart. The section replaces the one a file already has, so the suite's report and the soak's live in one file,
 * each rewritten by its own run.
 */
final class SoakReport {
    static final String HEADING = "## Soak";

    private SoakReport() {}

    static String section(SoakResult r, String command, String chart) {
        List<String> md = new ArrayList<>();
        SoakPlan p = r.plan();
        md.add(HEADING);
        md.add("");
        md.add("Everything at once for " + minutes(p.duration().toSeconds()) + " against one server JVM (-Xmx"
                + p.serverHeap()
                + ", the default `config.yml`): two upsert producers (" + fmt("%,d", p.upsertRows())
                + " products each, a quarter"
                + " changed a load), a delete producer (" + fmt("%,d", p.deleteRows())
                + ", a fifth deleted and the fifth before"
                + " brought back each load), snapshots of a category (" + fmt("%,d", p.snapshotRows())
                + ", with `as_of`, 4% retired"
                + " each), loads broken after their first quarter and resumed by the SDK (" + fmt("%,d", p.brokenRows())
                + "), "
                + p.readers() + " REST readers (product GETs, pages, stats), " + p.watchers()
                + " WatchJob watchers and " + p.viewers()
                + " jobs-page viewers (`/live/jobs`); Redis and then PostgreSQL stopped and started again for real. Every "
                + p.sampleEvery().toSeconds()
                + " s the server's heap after a full collection, its threads, open file descriptors,"
                + " database sessions and Redis connections are sampled.");
        md.add("");
        md.add("- Date: " + LocalDate.now(ZoneOffset.UTC));
        md.add("- Command: `" + command + "`");
        md.add("- Machine: " + Machine.describe() + "; the server, the soak's clients, PostgreSQL and Redis share it.");
        for (SoakFaults.Event e : r.faults()) {
            md.add(fmt("- %s: down at %.0f s, back at %.0f s.", e.what(), e.downAt(), e.upAt()));
        }
        md.add("- Result: " + (r.passed() ? "passed" : "FAILED")
                + fmt(
                        ": %d checks held, %d failed.",
                        r.checksPassed(), r.failures().size()));
        md.add("");
        md.add(fmt(
                "Flat means the median of the last third of the samples at most %.0f%% above the median of the first third, plus"
                        + " a small absolute allowance for figures that move in whole units (the first tenth of the samples, at least one,"
                        + " is left out as warm-up).",
                100 * Flatness.SHARE));
        md.add("");
        md.add("| figure | first third (median) | last third (median) | limit | samples | flat |");
        md.add("|---|---:|---:|---:|---:|---|");
        for (Flatness.Verdict v : r.verdicts()) {
            md.add(fmt(
                    "| %s | %.1f | %.1f | %.1f | %d | %s |",
                    v.figure().title(),
                    v.firstThird(),
                    v.lastThird(),
                    v.limit(),
                    v.samples(),
                    v.flat() ? "yes" : "**no**"));
        }
        md.add("");
        md.add("Threads by name (digits as #) more at the last sample than at the first one judged: "
                + (r.threadsGrown().isEmpty()
                        ? "none."
                        : r.threadsGrown().entrySet().stream()
                                        .map(e -> "`" + e.getKey() + "` +" + e.getValue())
                                        .collect(Collectors.joining(", "))
                                + "."));
        md.add("");
        md.add(fmt(
                "At the end: %,d jobs checked against the counts their loads predicted, the products table (%,d SKUs, tombstones"
                        + " included) against the expected catalog, and every thread of the soak stopped.",
                r.jobs(), r.products()));
        if (!r.failures().isEmpty()) {
            md.add("");
            md.add("Failures:");
            md.add("");
            r.failures().forEach(f -> md.add("- " + f));
        }
        md.add("");
        md.add("| work done | count |");
        md.add("|---|---:|");
        for (Map.Entry<String, Long> e : r.counts().entrySet()) {
            md.add(fmt("| %s | %,d |", e.getKey(), e.getValue()));
        }
        md.add("");
        md.add("![the soak's samples](" + chart + ")");
        md.add("");
        return String.join("\n", md);
    }

    /** {@code file}'s text with its soak section replaced by {@code section}, or the section added at its end. */
    static String withSection(String file, String section) {
        int start = sectionStart(file);
        if (start < 0) {
            return (file.isBlank() ? "" : file.stripTrailing() + "\n\n") + section;
        }
        int end = sectionEnd(file, start);
        return file.substring(0, start) + section + (end < 0 ? "" : "\n" + file.substring(end));
    }

    /** The soak section of {@code file}, or empty: what the suite's own report keeps when it is rewritten. */
    static String sectionOf(String file) {
        int start = sectionStart(file);
        if (start < 0) {
            return "";
        }
        int end = sectionEnd(file, start);
        return end < 0 ? file.substring(start) : file.substring(start, end);
    }

    private static int sectionStart(String file) {
        if (file.startsWith(HEADING + "\n")) {
            return 0;
        }
        int at = file.indexOf("\n" + HEADING + "\n");
        return at < 0 ? -1 : at + 1;
    }

    /** Where the next section after the one at {@code start} begins, or -1 at the end of the file. */
    private static int sectionEnd(String file, int start) {
        int at = file.indexOf("\n## ", start + HEADING.length());
        return at < 0 ? -1 : at + 1;
    }

    private static String minutes(long seconds) {
        return seconds == 60 ? "1 minute" : seconds % 60 == 0 ? seconds / 60 + " minutes" : seconds + " s";
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
