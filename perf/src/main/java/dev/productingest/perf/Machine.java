package dev.productingest.perf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The machine a run measured, as the report names it. */
final class Machine {
    private Machine() {}

    static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    static String describe() {
        String cpu = firstValue(Path.of("/proc/cpuinfo"), "model name", "unknown CPU");
        String memory = firstValue(Path.of("/proc/meminfo"), "MemTotal", "? kB");
        long kb = Long.parseLong(memory.replaceAll("\\D", "").isEmpty() ? "0" : memory.replaceAll("\\D", ""));
        return String.format(
                Locale.ROOT,
                "%d cores (%s), %.0f GiB, %s %s, Java %s (%s)",
                cores(),
                cpu,
                kb / 1024.0 / 1024.0,
                System.getProperty("os.name"),
                System.getProperty("os.version"),
                System.getProperty("java.version"),
                System.getProperty("java.vm.name"));
    }

    private static String firstValue(Path file, String key, String otherwise) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(key)) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException unreadable) {
            // Not Linux: the report says so rather than failing the run.
        }
        return otherwise;
    }
}
