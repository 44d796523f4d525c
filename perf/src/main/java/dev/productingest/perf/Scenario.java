package dev.productingest.perf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** One scenario's figures, gathered over the suite's runs. */
final class Scenario {
    private static final Set<String> TRANSACTION_CONTROL = Set.of("BEGIN", "COMMIT", "ROLLBACK");

    enum Kind {
        BASELINE,
        SERVICE
    }

    final String name;
    final Kind kind;
    final List<Double> rowsPerSecond = new ArrayList<>();
    final List<Double> p50Ms = new ArrayList<>();
    final List<Double> p99Ms = new ArrayList<>();
    final Map<String, Long> statementsByText = new TreeMap<>();
    final Map<String, Long> redisByCommand = new TreeMap<>();
    long rows;
    long batches;
    GcLog clientHeap = GcLog.NONE;
    GcLog serverHeap = GcLog.NONE;
    CpuUse cpu = CpuUse.NONE;
    double seconds;

    Scenario(String name, Kind kind) {
        this.name = name;
        this.kind = kind;
    }

    void addRun(long runRows, double runSeconds) {
        rows += runRows;
        seconds += runSeconds;
        rowsPerSecond.add(runRows / runSeconds);
    }

    void addCpu(CpuUse used) {
        cpu = cpu.plus(used);
    }

    /** CPU seconds per million rows. */
    double cpuPerMillionRows(double cpuSeconds) {
        return rows == 0 ? 0 : cpuSeconds * 1e6 / rows;
    }

    /** The share of the machine's cores busy while the scenario's loads ran. */
    double machineBusy(int cores) {
        return seconds == 0 ? 0 : cpu.machine() / (seconds * cores);
    }

    double median() {
        return Bench.median(values());
    }

    /** The fastest run less the slowest, over the median. */
    double spread() {
        double median = median();
        return median == 0 ? 0 : (max() - min()) / median;
    }

    double min() {
        return Arrays.stream(values()).min().orElse(0);
    }

    double max() {
        return Arrays.stream(values()).max().orElse(0);
    }

    long statements() {
        return statementsByText.values().stream().mapToLong(Long::longValue).sum();
    }

    long redisCommands() {
        return redisByCommand.values().stream().mapToLong(Long::longValue).sum();
    }

    long workStatements() {
        return Arrays.stream(workStatementCounts()).sum();
    }

    /** SQL statements, BEGIN and COMMIT aside, that each batch ran (see {@link #eachBatch}). */
    long workStatementsEachBatch() {
        return eachBatch(workStatementCounts());
    }

    /**
     * The count of each statement but BEGIN and COMMIT: pgjdbc sends BEGIN in the same round trip as the transaction's
     * first statement, so these are the statements that cost PostgreSQL work.
     */
    private long[] workStatementCounts() {
        return statementsByText.entrySet().stream()
                .filter(e -> !TRANSACTION_CONTROL.contains(e.getKey().toUpperCase(Locale.ROOT)))
                .mapToLong(Map.Entry::getValue)
                .toArray();
    }

    long redisCommandsEachBatch() {
        return eachBatch(
                redisByCommand.values().stream().mapToLong(Long::longValue).toArray());
    }

    /**
     * How many of these statements or commands each batch ran: every one's count over the batches, rounded. The rest
     * ran per load (a job's start and end) or by the clock (a connection's ping).
     */
    private long eachBatch(long[] counts) {
        return batches == 0
                ? 0
                : Arrays.stream(counts)
                        .map(count -> Math.round((double) count / batches))
                        .sum();
    }

    double perBatch(long count) {
        return batches == 0 ? 0 : (double) count / batches;
    }

    double perMillionRows(long count) {
        return rows == 0 ? 0 : count * 1e6 / rows;
    }

    private double[] values() {
        return rowsPerSecond.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
