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
 * The server jar in its own JVM with a 256 MB heap and its default configuration, loaded by many
 * producers at once with ~2 KB rows: every load completes exactly, the newest revision wins, and
 * the server neither runs out of memory nor falls back to full collections.
 */
class ManyProducersSmallHeapIntegrationTest {
    @RegisterExtension
    static final LocalStores stores = new LocalStores();

    @Test
    void sixtyFourProducersWithRichRowsLoadExactlyOnASmallHeap() throws Exception {
        assertLoadsExactly(new ManyProducers(64, 1_000, 2_000), "many64");
    }

    @Test
    void twoHundredProducersWaitOrRetryAndNoneFails() throws Exception {
        assertLoadsExactly(new ManyProducers(200, 200, 2_000), "many200");
    }

    private static void assertLoadsExactly(ManyProducers producers, String name) throws Exception {
        Bench.truncate(stores.url());
        Path log = stores.dir().resolve(name + ".log");
        List<IngestSummary> summaries;
        GcLog heap;
        try (ServerProcess server = ServerProcess.start(Bench.repoRoot(), stores.url(), stores.redisUrl(), log, "256m")) {
            summaries = producers.run(server.target(), name);
            heap = server.gcLog();
            System.err.printf("%s: %s, peak RSS %d MB%n", name, heap, server.peakRssMb());
        }

        assertThat(summaries).allSatisfy(s -> assertThat(s.getState()).isEqualTo(JobState.COMPLETED));
        Checks checks = new Checks(stores.url());
        producers.check(checks, name, name);
        assertThat(checks.failures()).isEmpty();
        assertThat(Files.readString(log)).doesNotContain("OutOfMemoryError");
        assertThat(heap.fullCollections()).as("full collections").isZero();
    }
}
