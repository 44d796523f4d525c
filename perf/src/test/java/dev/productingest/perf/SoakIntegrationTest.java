package dev.productingest.perf;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two minutes of the soak (perf/RESULTS.md has a 30-minute run): every kind of load, readers, watchers and page viewers
 * at once, Redis and PostgreSQL restarted under them. Nothing hangs (every thread of the soak ends), nothing grows
 * (each sampled figure flat: {@link Flatness} says what that means on a run this short), every job ends exact and the
 * table is the expected catalog.
 */
class SoakIntegrationTest {
    @RegisterExtension
    static final LocalStores stores = new LocalStores();

    @Test
    void everythingAtOnceThroughTwoRestartsEndsExactWithNothingGrown() throws Exception {
        // Kept after the run: the server's log, the samples, the report and the chart, to see why it failed.
        Path out = Files.createDirectories(Bench.repoRoot().resolve("perf/target/soak-test"));
        SoakResult r = new Soak(Bench.repoRoot(), out, stores.postgres(), stores.redis(), stores.url())
                .run(SoakPlan.brief(Duration.ofMinutes(2)));
        Path chart = out.resolve("soak.png");
        SoakChart.write(r, chart);
        String report = SoakReport.section(r, "the test", chart.getFileName().toString());
        Files.writeString(out.resolve("soak.md"), report);
        System.err.println(report);

        assertThat(r.failures())
                .as("threads that failed or did not end, jobs not exact, the table, figures that grew")
                .isEmpty();
        assertThat(r.faults())
                .extracting(SoakFaults.Event::what)
                .containsExactly("Redis restart", "PostgreSQL restart");
        assertThat(r.verdicts()).hasSize(SoakFigure.values().length).allMatch(Flatness.Verdict::flat);
        assertThat(r.samples()).hasSizeGreaterThanOrEqualTo(20);
        for (String kind : new String[] {"upsert-a", "upsert-b", "delete", "snapshot", "broken"}) {
            assertThat(r.counts().getOrDefault("loads: " + kind, 0L))
                    .as("loads of " + kind)
                    .isGreaterThanOrEqualTo(2);
        }
        assertThat(r.counts().getOrDefault("product GETs 200", 0L)).isPositive();
        assertThat(r.counts().getOrDefault("pages 200", 0L)).isPositive();
        assertThat(r.counts().getOrDefault("stats 200", 0L)).isPositive();
        assertThat(r.counts().getOrDefault("WatchJob watches to the job's end", 0L))
                .isPositive();
        assertThat(r.counts().getOrDefault("jobs page events", 0L)).isPositive();
        assertThat(r.jobs()).isGreaterThanOrEqualTo(10);
        assertThat(report).contains("| heap after collection (MB) |", "PostgreSQL restart");
        BufferedImage image = ImageIO.read(chart.toFile());
        assertThat(image.getWidth()).isEqualTo(SoakChart.WIDTH);
    }
}
