package dev.productingest.perf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.productingest.client.IngestClient;
import dev.productingest.client.IngestOptions;
import dev.productingest.client.RowSource;
import dev.productingest.client.sample.CatalogGenerator;
import dev.productingest.client.sample.CatalogSpec;
import dev.productingest.server.embedded.EmbeddedPostgresServer;
import dev.productingest.server.embedded.EmbeddedRedisServer;
import dev.productingest.v1.IngestSummary;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator fed straight to the SDK, with invalid rows and repeated SKUs, into the server jar over a socket: every
 * row counted once, as the generator says it should be.
 */
class GeneratedCatalogThroughTheSdkIntegrationTest {
    private static final long ROWS = 30_000;

    @Test
    void invalidAndRepeatedRowsOfAGeneratedCatalogAreCountedExactly(@TempDir Path dir) throws Exception {
        EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir.resolve("pg"), false);
        EmbeddedRedisServer redis = EmbeddedRedisServer.start(dir.resolve("redis"));
        try {
            String url = Bench.createDatabase(pg);
            CatalogGenerator catalog = new CatalogGenerator(
                    CatalogSpec.of(ROWS, 11).withInvalid(0.01).withDuplicates(0.02));
            IngestSummary summary;
            try (ServerProcess server =
                            ServerProcess.start(Bench.repoRoot(), url, redis.url(), dir.resolve("server.log"), "256m");
                    IngestClient client = IngestClient.builder(server.target()).build()) {
                summary = client.load(IngestOptions.defaults().withJobId("generated"), RowSource.of(catalog));
            }

            long distinctValidSkus = ROWS - catalog.invalid() - catalog.duplicates();
            assertThat(catalog.invalid()).isPositive();
            assertThat(catalog.duplicates()).isPositive();
            assertThat(summary.getReceived()).isEqualTo(ROWS);
            assertThat(summary.getRejected()).isEqualTo(catalog.invalid());
            assertThat(summary.getInserted()).isEqualTo(distinctValidSkus);
            // A repeat in the same batch supersedes the row before it; one in the next batch updates it.
            assertThat(summary.getStale() + summary.getUpdated()).isEqualTo(catalog.duplicates());
            assertThat(summary.getUnchanged()).isZero();
            assertThat(new Checks(url).products()).isEqualTo(distinctValidSkus);
        } finally {
            redis.stop();
            pg.stop();
        }
    }
}
