package dev.productingest.perf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.JobState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The server jar in its own JVM with a small heap and its default configuration, loaded by many producers at once, with
 * rows of 2 KB and with rows of about 25 bytes (whose heap cost is tens of times their size): every load completes
 * exactly, the newest revision wins, and the server neither runs out of memory nor falls back to full collections.
 * Beyond the server's stream limits producers wait or are refused and retry. perf/NOTES.md has their figures, before
 * and after the budget counted rows by their heap cost.
 */
class ManyProducersSmallHeapIntegrationTest {
    @RegisterExtension
    static final LocalStores stores = new LocalStores();

    @Test
    void sixtyFourProducersWithRichRowsLoadExactlyOnASmallHeap() throws Exception {
        assertLoadsExactly(new ManyProducers(64, 2_000, 2_000), "many64", "256m");
    }

    @Test
    void sixtyFourProducersWithTinyRowsLoadExactlyOnASmallHeap() throws Exception {
        assertLoadsExactly(new ManyProducers(64, 20_000, 0), "tiny64", "256m");
    }

    @Test
    void twoHundredProducersWaitOrRetryAndNoneFails() throws Exception {
        assertLoadsExactly(new ManyProducers(200, 500, 2_000), "many200", "512m");
    }

    private static void assertLoadsExactly(ManyProducers producers, String name, String heap) throws Exception {
        Bench.truncate(stores.url());
        Path log = stores.dir().resolve(name + ".log");
        List<IngestSummary> summaries;
        GcLog gc;
        long started = System.nanoTime();
        try (ServerProcess server = ServerProcess.start(Bench.repoRoot(), stores.url(), stores.redisUrl(), log, heap)) {
            summaries = producers.run(server.target(), name);
            gc = server.gcLog();
            System.err.printf(
                    "%s: %d rows in %.1f s, %s, peak RSS %d MB%n",
                    name, producers.rows(), (System.nanoTime() - started) / 1e9, gc, server.peakRssMb());
        }

        assertThat(summaries).allSatisfy(s -> assertThat(s.getState()).isEqualTo(JobState.COMPLETED));
        Checks checks = new Checks(stores.url());
        producers.check(checks, name, name);
        assertThat(checks.failures()).isEmpty();
        assertThat(Files.readString(log)).doesNotContain("OutOfMemoryError");
        assertThat(gc.fullCollections()).as("full collections").isZero();
    }
}
