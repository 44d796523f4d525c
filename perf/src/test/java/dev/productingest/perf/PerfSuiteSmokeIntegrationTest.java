package dev.productingest.perf;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The suite's quick mode, once, as a test of the harness: that every scenario runs end to end, that every load left the
 * right rows, and that its figures agree with each other. Never its timings: this machine is shared.
 */
class PerfSuiteSmokeIntegrationTest {

    @Test
    void theQuickSuiteRunsEveryScenarioAndItsFiguresAgree(@TempDir Path dir) throws Exception {
        PerfSuite suite = new PerfSuite();
        Path report = dir.resolve("RESULTS.md");
        int exit = new CommandLine(suite)
                .execute(
                        "--quick",
                        "--out",
                        report.toString(),
                        "--work",
                        dir.resolve("work").toString());

        SuiteResult r = suite.result;
        assertThat(r.failures()).as("loads that left the wrong rows or counts").isEmpty();
        assertThat(exit).isZero();
        assertThat(r.checksPassed()).isGreaterThanOrEqualTo(90);
        // The server's own batch size, from the config.yml its JVMs run with.
        int batchRows = ServerSettings.batchRows(Bench.repoRoot());
        assertThat(batchRows).isPositive();

        for (Scenario s : r.scenarios()) {
            assertThat(s.rowsPerSecond).as(s.name).isNotEmpty().allMatch(v -> v > 0);
            if (s.kind == Scenario.Kind.SERVICE) {
                long runs = s.rowsPerSecond.size();
                assertThat(s.batches)
                        .as(s.name + ": batches written")
                        .isGreaterThanOrEqualTo(runs * ((s.rows / runs) / batchRows));
                assertThat(s.statements())
                        .as(s.name + ": a write and a job update per batch at least")
                        .isGreaterThanOrEqualTo(2 * s.batches);
                assertThat(s.redisCommands())
                        .as(s.name + ": progress per batch at least")
                        .isGreaterThanOrEqualTo(s.batches);
                assertThat(s.serverHeap.maxLiveMb()).as(s.name).isLessThanOrEqualTo(s.serverHeap.peakUsedMb());
                for (int i = 0; i < s.p50Ms.size(); i++) {
                    assertThat(s.p50Ms.get(i)).as(s.name).isPositive().isLessThanOrEqualTo(s.p99Ms.get(i));
                }
            }
        }
        Scenario freshLoad = r.scenario(SuiteResult.FRESH);
        long copies = freshLoad.statementsByText.entrySet().stream()
                .filter(e -> e.getKey().startsWith("COPY products"))
                .mapToLong(Map.Entry::getValue)
                .sum();
        assertThat(copies).as("a fresh load writes each batch with one COPY").isEqualTo(freshLoad.batches);
        assertThat(freshLoad.cpu.postgres())
                .as("PostgreSQL's CPU in the fresh load")
                .isPositive();
        assertThat(freshLoad.cpu.servers())
                .as("the server's CPU in the fresh load")
                .isPositive();
        assertThat(freshLoad.cpu.machine())
                .as("the machine's CPU holds PostgreSQL's")
                .isGreaterThanOrEqualTo(freshLoad.cpu.postgres());
        assertThat(freshLoad.cpu.producers())
                .as("the CLI's CPU in the fresh load, counted once it has exited")
                .isPositive();
        assertThat(r.scenario(SuiteResult.COPY).cpu.postgres())
                .as("PostgreSQL's CPU in COPY")
                .isPositive();
        assertThat(r.scenario(SuiteResult.COPY).cpu.producers())
                .as("COPY starts no producer")
                .isZero();
        assertThat(r.copyFor(r.scenario(SuiteResult.PLAIN_FRESH)).name).isEqualTo(SuiteResult.PLAIN_COPY);
        assertThat(r.targets())
                .as("every target of the cost-of-a-row issue is reported")
                .hasSizeGreaterThanOrEqualTo(14);
        if (Wrk.installed()) {
            assertThat(r.reads().cached)
                    .as("a read round after each fresh load")
                    .hasSize(r.runs())
                    .allMatch(round -> round.perSecond() > 0 && round.p50Micros() <= round.p99Micros());
            assertThat(r.reads().ping).hasSize(r.runs());
        }
        assertThat(freshLoad.redisByCommand.get("publish"))
                .as("one message per batch")
                .isGreaterThanOrEqualTo(freshLoad.batches);
        assertThat(r.scenario(SuiteResult.UNCHANGED).statementsByText.keySet())
                .as("an unchanged re-load writes no product")
                .noneMatch(sql -> sql.startsWith("UPDATE products"));
        assertThat(r.scenario(SuiteResult.STOCK_FEED).statementsByText.keySet())
                .as("a stock feed writes the stock alone")
                .anyMatch(sql -> sql.startsWith("UPDATE products") && sql.contains("stock_updated_at"))
                .noneMatch(sql -> sql.startsWith("UPDATE products") && sql.contains("name ="));
        assertThat(r.scenario(SuiteResult.UPSERT).cpu.postgres())
                .as("PostgreSQL's CPU in its own upsert")
                .isPositive();
        assertThat(r.targets())
                .as("the changed path is held to PostgreSQL's own upsert of the same rows")
                .anyMatch(t -> t.what().contains("against PostgreSQL's own upsert")
                        && t.goal().equals(">= 0.80"));
        assertThat(r.targets())
                .as("the stock feed is held to the whole-row re-load of every row")
                .anyMatch(t -> t.what().startsWith("stock feed") && t.goal().equals(">= 1.00x"));
        assertThat(r.scenario(SuiteResult.SNAPSHOT).statementsByText.keySet())
                .as("a snapshot records the SKUs it carried with each batch")
                .anyMatch(sql -> sql.startsWith("COPY snapshot_skus"));
        for (SuiteResult.Memory m : r.memory()) {
            assertThat(m.heap().collections()).as(m.process()).isPositive();
            assertThat(m.heap().maxLiveMb())
                    .as(m.process())
                    .isLessThanOrEqualTo(m.heap().peakUsedMb());
        }
        assertThat(r.memory().get(0).peakRssMb()).isPositive();

        String markdown = Files.readString(report);
        assertThat(markdown)
                .contains("## Targets", "--quick", "Quick mode", "## Stock feed", "## Servers on one PostgreSQL")
                .contains(SuiteResult.fmt(
                        "| **stock feed / every row changed** (median of the ratios within each run) | **%.2f** |",
                        r.medianRatio(SuiteResult.STOCK_FEED, SuiteResult.ALL_CHANGED)));
        assertThat(r.scenario(SuiteResult.THREE_SERVERS).cpu.postgres())
                .as("PostgreSQL's CPU under three servers")
                .isPositive();
        r.scenarios().forEach(s -> assertThat(markdown).contains("| " + s.name + " |"));
        Scenario fresh = r.scenario(SuiteResult.FRESH);
        assertThat(markdown)
                .as("the fresh load's row, its ratio to COPY computed from its own medians")
                .contains(SuiteResult.fmt("| %s | %,d | %,.0f |", fresh.name, r.rows(), fresh.median()))
                .contains(SuiteResult.fmt("| %.2f | %.1fx |", r.vsCopy(fresh), r.vsNaive(fresh)));

        BufferedImage chart = ImageIO.read(dir.resolve("results.png").toFile());
        assertThat(chart.getWidth()).isEqualTo(1100);
        assertThat(chart.getHeight()).isEqualTo(620);
    }
}
