package dev.productingest.server.redis;

import static dev.productingest.server.testing.IngestCall.chunks;
import static dev.productingest.server.testing.IngestCall.header;
import static dev.productingest.server.testing.Products.catalog;
import static dev.productingest.server.testing.Products.row;
import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import dev.productingest.server.testing.Conditions;
import dev.productingest.server.testing.IngestCall;
import dev.productingest.server.testing.JobWatch;
import dev.productingest.server.testing.ProductTable;
import dev.productingest.server.testing.RedisNode;
import dev.productingest.server.testing.RedisTopology;
import dev.productingest.server.testing.Rest;
import dev.productingest.server.testing.ServerPair;
import dev.productingest.server.testing.TestServer;
import dev.productingest.v1.GetJobRequest;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.Job;
import dev.productingest.v1.JobState;
import dev.productingest.v1.ProductRow;
import io.grpc.Status;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * What two servers share through Redis — progress, watches, near-cache invalidation, the stats — holding on a Redis
 * topology of several nodes, and through the failover of a master mid-load. Each subclass brings a topology and the
 * server configuration that selects it.
 */
abstract class RedisTopologyScenarios {
    private static RedissonClient reader;

    /** The two servers, both over the topology. */
    abstract ServerPair servers();

    /** The Redis the servers are over. */
    abstract RedisTopology redis();

    @Test
    void aLoadThroughAIsWatchedOnBAndItsProgressKeptInRedis() throws Exception {
        TestServer b = servers().b();
        List<ProductRow> rows = catalog(5_000, 0);
        IngestCall call = startThroughA("watched", rows.subList(0, 1_000));

        JobWatch watch = JobWatch.start(b.asyncStub(), "watched");
        assertThat(watch.next().getSummary().getCommittedOffset()).isEqualTo(1_000);
        chunks(1_000, rows.subList(1_000, 2_000), 1_000).forEach(call::send);
        Job next = watch.next();
        assertThat(next).as("B's watcher hears A's next batch").isNotNull();
        assertThat(next.getSummary().getState()).isEqualTo(JobState.RUNNING);
        assertThat(next.getSummary().getCommittedOffset()).isEqualTo(2_000);

        chunks(2_000, rows.subList(2_000, 5_000), 500).forEach(call::send);
        IngestSummary summary = call.finish().summary();

        assertThat(summary.getInserted()).isEqualTo(5_000);
        assertThat(watch.ended()).isEqualTo(Status.OK);
        assertThat(watch.last().getSummary().getState()).isEqualTo(JobState.COMPLETED);
        Conditions.await(
                "Redis holds the job completed", () -> redisProgress("watched").contains("\"state\":\"COMPLETED\""));
        assertThat(redisProgress("watched")).contains("\"committedOffset\":5000", "\"inserted\":5000");
    }

    @Test
    void statsComputedByOneServerAreServedByTheOtherAndDroppedWhenAJobCompletes() {
        TestServer a = servers().a();
        TestServer b = servers().b();
        IngestCall.load(a.asyncStub(), "stats-1", catalog(300, 0));
        assertThat(Rest.ok(b.http() + "/stats").get("products").asLong()).isEqualTo(300);
        Conditions.await(
                "B's stats reach Redis",
                () -> reader().getBucket(keys().stats(), StringCodec.INSTANCE).isExists());
        long hitsBefore = statsHits(a);

        assertThat(Rest.ok(a.http() + "/stats").get("products").asLong()).isEqualTo(300);
        assertThat(statsHits(a)).as("A answers with the stats B computed").isEqualTo(hitsBefore + 1);

        IngestCall.load(b.asyncStub(), "stats-2", catalog(400, 0));
        Conditions.await(
                "A's stats count the job B completed",
                () -> Rest.ok(a.http() + "/stats").get("products").asLong() == 400);
    }

    @Test
    void aProductCachedOnBIsDroppedWhenAWritesIt() {
        nearCacheFollowsWritesOf("CACHED-1");
    }

    @Test
    void ingestGoesOnWhileTheMasterFailsOverAndProgressConverges() {
        TestServer a = servers().a();
        List<ProductRow> rows = catalog(6_000, 0);
        IngestCall call = startThroughA("failover", rows.subList(0, 3_000));

        // The rest goes while the topology fails over: what Redis misses then, the servers send again.
        RedisNode killed = redis().killMasterOf(keys().job("failover"));
        try {
            chunks(3_000, rows.subList(3_000, 6_000), 500).forEach(call::send);
            IngestSummary summary = call.finish().summary();

            assertThat(summary.getState()).isEqualTo(JobState.COMPLETED);
            assertThat(summary.getInserted()).isEqualTo(6_000);
            Map<String, ProductRow> table = ProductTable.read(a.jdbi());
            assertThat(table).hasSize(6_000);
            rows.forEach(r -> assertThat(table.get(r.getSku())).isEqualTo(r));
            redis().awaitFailover(killed, keys().job("failover"));
            Conditions.await(
                    "the new master holds the job completed",
                    () -> redisProgress("failover").contains("\"state\":\"COMPLETED\""));
            assertThat(redisProgress("failover")).contains("\"committedOffset\":6000", "\"inserted\":6000");
            Job onB = servers()
                    .b()
                    .blockingStub()
                    .getJob(GetJobRequest.newBuilder().setJobId("failover").build());
            assertThat(onB.getSummary().getState()).isEqualTo(JobState.COMPLETED);

            // The servers' subscriptions moved with the master: invalidations still reach B.
            nearCacheFollowsWritesOf("AFTER-FAILOVER-1");
        } finally {
            killed.restart();
        }
    }

    /**
     * Opens the job on A and sends its first rows; returns, the stream still open, once Redis holds the job at their
     * offset.
     */
    private IngestCall startThroughA(String jobId, List<ProductRow> first) {
        IngestCall call = IngestCall.open(servers().a().asyncStub());
        call.send(header(jobId));
        chunks(0, first, 500).forEach(call::send);
        String offset = "\"committedOffset\":" + first.size();
        Conditions.await(
                "Redis holds job " + jobId + " at " + first.size() + " rows",
                () -> redisProgress(jobId).contains(offset));
        return call;
    }

    /** B caches the product, A writes a newer version, and B's next read has it. */
    private void nearCacheFollowsWritesOf(String sku) {
        TestServer a = servers().a();
        TestServer b = servers().b();
        IngestCall.load(
                a.asyncStub(),
                sku + "-first",
                List.of(row(sku, 10).toBuilder().setName("first").build()));
        assertThat(Rest.ok(b.http() + "/products/" + sku).get("name").asText()).isEqualTo("first");
        long hitsBefore = productHits(b);
        assertThat(Rest.ok(b.http() + "/products/" + sku).get("name").asText()).isEqualTo("first");
        assertThat(productHits(b))
                .as("B serves the second read from its near cache")
                .isEqualTo(hitsBefore + 1);

        IngestSummary second = IngestCall.load(
                        a.asyncStub(),
                        sku + "-second",
                        List.of(row(sku, 20).toBuilder().setName("second").build()))
                .summary();

        assertThat(second.getUpdated()).isEqualTo(1);
        assertThat(Rest.ok(b.http() + "/products/" + sku).get("name").asText()).isEqualTo("second");
    }

    /** The servers' key names: both run under their database's namespace. */
    private RedisKeys keys() {
        return new RedisKeys(servers().a().namespace());
    }

    /**
     * The job's progress as Redis holds it, read through the servers' own Redis configuration; "" when it holds none.
     */
    private String redisProgress(String jobId) {
        String value = reader().<String>getBucket(keys().job(jobId), StringCodec.INSTANCE)
                .get();
        return value == null ? "" : value;
    }

    private synchronized RedissonClient reader() {
        if (reader == null) {
            RedisFactory config = redis().redisConfig();
            reader = Redisson.create(config.config(config.getUrl()));
        }
        return reader;
    }

    @AfterAll
    static synchronized void closeReader() {
        if (reader != null) {
            reader.shutdown();
            reader = null;
        }
    }

    private static long productHits(TestServer server) {
        return meter(server, MetricRegistry.name("cache", "products", "hits"));
    }

    private static long statsHits(TestServer server) {
        return meter(server, MetricRegistry.name("cache", "stats", "hits"));
    }

    private static long meter(TestServer server, String name) {
        return Rest.ok("http://localhost:" + server.adminPort() + "/metrics")
                .get("meters")
                .get(name)
                .get("count")
                .asLong();
    }
}
