package dev.productingest.perf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** HTTP load from wrk (Debian's package: apt-get install wrk) over kept-alive connections, and what it measured. */
final class Wrk {
    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
    private static final Pattern PERCENTILE =
            Pattern.compile("^\\s+(50|99)(?:\\.000)?%\\s+([\\d.]+)(us|ms|s)\\s*$", Pattern.MULTILINE);
    private static final Pattern ERRORS = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");

    private final int connections;

    Wrk(int connections) {
        this.connections = connections;
    }

    /** What one round measured. */
    record Round(double perSecond, double p50Micros, double p99Micros) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%,.0f req/s, p50 %.0f us, p99 %.0f us", perSecond, p50Micros, p99Micros);
        }
    }

    /** Whether wrk is on the PATH. */
    static boolean installed() {
        try {
            Process p = new ProcessBuilder("wrk", "--version")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            p.waitFor();
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * A script that asks for random SKUs among the first {@code hot} of the generated catalog, the same ones for every
     * server.
     */
    static Path productsScript(Path dir, long seed, long hot) throws IOException {
        Path script = dir.resolve("reads-" + seed + "-" + hot + ".lua");
        Files.writeString(script, String.format(Locale.ROOT, """
                math.randomseed(%d)
                request = function()
                  return wrk.format("GET", string.format("/products/SKU-%%09d", math.random(0, %d)))
                end
                """, seed, hot - 1));
        return script;
    }

    /**
     * One round of {@code length} against {@code url}: with a script, the requests it makes; without, the URL itself.
     * Fails on any answer but 2xx.
     */
    Round round(String url, Duration length, Path script) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(
                List.of("wrk", "-t2", "-c" + connections, "-d" + length.toSeconds() + "s", "--latency"));
        if (script != null) {
            command.addAll(List.of("-s", script.toString()));
        }
        command.add(url);
        Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (wrk.waitFor() != 0) {
            throw new IllegalStateException("wrk failed: " + out);
        }
        Matcher rate = RATE.matcher(out);
        if (!rate.find()) {
            throw new IllegalStateException("no Requests/sec in wrk's output: " + out);
        }
        Map<String, Double> percentiles = new HashMap<>();
        Matcher p = PERCENTILE.matcher(out);
        while (p.find()) {
            double value = Double.parseDouble(p.group(2));
            percentiles.put(
                    p.group(1),
                    switch (p.group(3)) {
                        case "us" -> value;
                        case "ms" -> value * 1_000;
                        default -> value * 1_000_000;
                    });
        }
        Matcher errors = ERRORS.matcher(out);
        if (errors.find()) {
            throw new IllegalStateException(errors.group(1) + " requests did not answer 2xx: " + out);
        }
        return new Round(Double.parseDouble(rate.group(1)), percentiles.get("50"), percentiles.get("99"));
    }

    static double medianRate(List<Round> rounds) {
        return Bench.median(rounds.stream().mapToDouble(Round::perSecond).toArray());
    }

    static double medianP50(List<Round> rounds) {
        return Bench.median(rounds.stream().mapToDouble(Round::p50Micros).toArray());
    }

    static double medianP99(List<Round> rounds) {
        return Bench.median(rounds.stream().mapToDouble(Round::p99Micros).toArray());
    }
}
