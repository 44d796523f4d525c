package dev.productingest.server.jobs;

import static dev.productingest.server.testing.Products.catalog;
import static org.assertj.core.api.Assertions.assertThat;

import dev.productingest.server.testing.IngestCall;
import dev.productingest.server.testing.RedisCommands;
import dev.productingest.server.testing.TestRedis;
import dev.productingest.server.testing.TestServer;
import dev.productingest.v1.IngestSummary;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Redis's own command counts around a 100k-row job: two commands sent per batch, never per row. */
class RedisCommandsPerBatchIntegrationTest {
    private static final int ROWS = 100_000;
    private static final int BATCHES = ROWS / 1_000; // test-config.yml: batchRows 1000

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @Test
    void aHundredThousandRowJobCostsAtMostTwoRedisCommandsPerBatch() {
        Map<String, Long> used;
        IngestSummary summary;
        try (RedisCommands redis = new RedisCommands(TestRedis.server().url())) {
            Map<String, Long> before = redis.now();
            summary = IngestCall.load(server.asyncStub(), "counted", catalog(ROWS, 0))
                    .summary();
            used = RedisCommands.difference(before, redis.now());
        }
        long scripts = used.getOrDefault("evalsha", 0L) + used.getOrDefault("eval", 0L);
        // The progress script's GET and SET run inside Redis, in the round trip of its call. The
        // health probe's EXISTS (every 2 s) and Redisson's connection PINGs come with time, not
        // batches: a slow run on a busy machine sends more of them.
        long sent = used.values().stream().mapToLong(Long::longValue).sum()
                - used.getOrDefault("get", 0L)
                - used.getOrDefault("set", 0L)
                - used.getOrDefault("exists", 0L)
                - used.getOrDefault("ping", 0L);
        assertThat(summary.getInserted()).isEqualTo(ROWS);
        // Per batch: the script that writes the progress unless Redis holds a newer state, and one
        // PUBLISH of the progress with the written SKUs. The rest (the job's start and end, the stats
        // drop, the completion event, loading the script) is per job.
        assertThat(used.getOrDefault("publish", 0L)).as("%s", used).isBetween((long) BATCHES, BATCHES + 5L);
        assertThat(scripts).as("%s", used).isBetween((long) BATCHES, BATCHES + 5L);
        assertThat(used.getOrDefault("set", 0L)).as("%s", used).isLessThanOrEqualTo(scripts);
        assertThat(sent).as("%s", used).isLessThanOrEqualTo(2L * BATCHES + 10);
    }
}
