package dev.productingest.server.ingest;

import static dev.productingest.server.testing.IngestCall.chunk;
import static dev.productingest.server.testing.IngestCall.header;
import static dev.productingest.server.testing.Products.row;
import static dev.productingest.server.testing.Products.tombstone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.productingest.server.store.Timestamps;
import dev.productingest.server.testing.Bearer;
import dev.productingest.server.testing.IngestCall;
import dev.productingest.server.testing.ProductTable;
import dev.productingest.server.testing.Products;
import dev.productingest.server.testing.TestServer;
import dev.productingest.v1.IngestHeader;
import dev.productingest.v1.IngestRequest;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.JobState;
import dev.productingest.v1.LoadMode;
import dev.productingest.v1.ProductRow;
import dev.productingest.v1.RowError;
import io.dropwizard.testing.ConfigOverride;
import io.grpc.Status;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A row dated further ahead of the server's clock than ingest.maxFutureSkew is rejected, never stored: it would
 * otherwise make every later version of its SKU stale until the clock caught up.
 */
class FutureRowsIntegrationTest {
    // Ten minutes rather than config.yml's hour: the key is read, and a row half an hour ahead is refused.
    @RegisterExtension
    static final TestServer server = TestServer.perClass(
            ConfigOverride.config("ingest.maxFutureSkew", "10m"),
            Bearer.adminBesideAnonymous()[0],
            Bearer.adminBesideAnonymous()[1],
            Bearer.adminBesideAnonymous()[2],
            Bearer.adminBesideAnonymous()[3]);

    /** 2031-01-01T00:00:00Z, as Products counts seconds. */
    private static final long YEAR_2031 =
            Instant.parse("2031-01-01T00:00:00Z").getEpochSecond() - Products.BASE_SECONDS;

    @Test
    void rowsAndTombstonesDatedTooFarAheadAreRejectedWhileTheRestOfTheLoadIsWritten() {
        IngestCall.load(server.asyncStub(), "stored", List.of(row("KEPT", 0), row("DELETE-ME", 0)));
        ProductRow storedKept = ProductTable.read(server.jdbi()).get("KEPT");
        List<ProductRow> rows = List.of(
                row("KEPT", YEAR_2031).toBuilder()
                        .setName("From a broken clock")
                        .build(),
                row("NEW", 10),
                tombstone("DELETE-ME", YEAR_2031),
                row("HALF-AN-HOUR-AHEAD", fromNow(Duration.ofMinutes(30))),
                row("A-MINUTE-AHEAD", fromNow(Duration.ofMinutes(1))));

        IngestSummary s = IngestCall.run(server.asyncStub(), List.of(header("future"), chunk(0, rows)))
                .summary();

        assertThat(s.getState()).isEqualTo(JobState.COMPLETED);
        assertThat(s.getReceived()).isEqualTo(5);
        assertThat(s.getRejected()).isEqualTo(3);
        assertThat(s.getInserted()).isEqualTo(2);
        assertThat(s.getFirstRejectsList())
                .extracting(RowError::getOffset, RowError::getSku, RowError::getField)
                .containsExactly(
                        tuple(0L, "KEPT", "updated_at"),
                        tuple(2L, "DELETE-ME", "updated_at"),
                        tuple(3L, "HALF-AN-HOUR-AHEAD", "updated_at"));
        assertThat(s.getFirstRejects(0).getReason())
                .matches(
                        "updated_at 2031-01-01T00:00:00\\.000123Z is more than 10 minutes ahead of the"
                                + " server's clock \\(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\); fix the source's clock or the value");
        assertThat(ProductTable.count(
                        server.jdbi(),
                        "SELECT count(*) FROM ingest_rejects WHERE job_id = 'future' AND field = 'updated_at'"
                                + " AND reason LIKE '%ahead of the server''s clock%'"))
                .isEqualTo(3);
        assertThat(ProductTable.read(server.jdbi())).containsOnlyKeys("KEPT", "DELETE-ME", "NEW", "A-MINUTE-AHEAD");
        assertThat(ProductTable.read(server.jdbi()).get("KEPT"))
                .as("the stored product is untouched")
                .isEqualTo(storedKept);
        assertThat(ProductTable.tombstones(server.jdbi())).isEmpty();
    }

    @Test
    void aRefusedFutureVersionDoesNotMakeALaterNormalVersionStale() {
        IngestCall.load(server.asyncStub(), "stored", List.of(row("SKU", 0)));
        IngestCall.load(server.asyncStub(), "broken-clock", List.of(row("SKU", YEAR_2031)));

        IngestSummary later = IngestCall.load(
                        server.asyncStub(),
                        "later",
                        List.of(row("SKU", 100).toBuilder().setName("Renamed").build()))
                .summary();

        assertThat(later.getUpdated()).isEqualTo(1);
        assertThat(later.getStale()).isZero();
        assertThat(ProductTable.read(server.jdbi()).get("SKU").getName()).isEqualTo("Renamed");
    }

    @Test
    void aResumedStreamCountsAFutureRowsRejectOnce() {
        List<ProductRow> rows = List.of(row("A", 0), row("B", YEAR_2031), row("C", 0), row("D", 0));
        IngestCall.commitThenBreak(server.asyncStub(), server.blockingStub(), "resumed", rows.subList(0, 2));

        IngestSummary s = IngestCall.resume(server.asyncStub(), header("resumed"), rows, 0)
                .summary();

        assertThat(s.getReceived()).isEqualTo(4);
        assertThat(s.getRejected()).isEqualTo(1);
        assertThat(s.getInserted()).isEqualTo(3);
        assertThat(ProductTable.count(server.jdbi(), "SELECT count(*) FROM ingest_rejects WHERE job_id = 'resumed'"))
                .isEqualTo(1);
    }

    @Test
    void aSnapshotsFutureRowIsRejectedAndDoesNotBecomeItsTime() {
        IngestCall.load(server.asyncStub(), "stored", List.of(row("CARRIED", 0), row("NOT-CARRIED", 0)));
        IngestRequest snapshotHeader = IngestRequest.newBuilder()
                .setHeader(IngestHeader.newBuilder()
                        .setJobId("snapshot")
                        .setSource("test")
                        .setMode(LoadMode.SNAPSHOT)
                        .setMaxRetiredShare(1.0))
                .build();

        IngestCall.Result result = IngestCall.run(
                server.asyncStub(Bearer.ADMIN_TOKEN),
                List.of(snapshotHeader, chunk(0, List.of(row("CARRIED", 10), row("FUTURE", YEAR_2031)))));

        IngestSummary s = result.summary();
        assertThat(s.getRejected()).isEqualTo(1);
        assertThat(s.getFirstRejects(0).getSku()).isEqualTo("FUTURE");
        assertThat(Timestamps.toInstant(s.getSnapshotTime()))
                .as("the newest row accepted")
                .isEqualTo(Timestamps.toInstant(Products.at(10)));
        assertThat(ProductTable.read(server.jdbi())).containsOnlyKeys("CARRIED");
        assertThat(ProductTable.tombstones(server.jdbi())).containsOnlyKeys("NOT-CARRIED");
    }

    @Test
    void aSnapshotsAsOfTooFarAheadIsRefusedNamingTheServersClock() {
        Instant asOf = Instant.now().plus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.MICROS);
        IngestRequest snapshotHeader = IngestRequest.newBuilder()
                .setHeader(IngestHeader.newBuilder()
                        .setJobId("as-of")
                        .setSource("test")
                        .setMode(LoadMode.SNAPSHOT)
                        .setAsOf(Timestamps.toProto(asOf)))
                .build();

        IngestCall.Result result = IngestCall.run(server.asyncStub(), List.of(snapshotHeader));

        assertThat(result.status().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(result.status().getDescription())
                .startsWith("header as_of " + asOf + " is more than 5 minutes ahead of the server's clock (")
                .contains("the moment the snapshot's data was taken");
    }

    @Test
    void aSnapshotsAsOfIsKeptToTheMicrosecondRoundedDown() {
        // As Instant.now() gives it on a JVM whose clock has nanoseconds: PostgreSQL would round it up.
        Instant asOf = Timestamps.toInstant(Products.at(5)).plusNanos(999);
        IngestRequest snapshotHeader = IngestRequest.newBuilder()
                .setHeader(IngestHeader.newBuilder()
                        .setJobId("as-of-nanos")
                        .setSource("test")
                        .setMode(LoadMode.SNAPSHOT)
                        .setSnapshotCategory("as-of-nanos")
                        .setAsOf(Timestamps.toProto(asOf)))
                .build();
        ProductRow row =
                row("AS-OF-NANOS", 0).toBuilder().setCategory("as-of-nanos").build();

        IngestSummary s = IngestCall.run(server.asyncStub(), List.of(snapshotHeader, chunk(0, List.of(row))))
                .summary();

        assertThat(s.getSnapshotTimeFromAsOf()).isTrue();
        assertThat(Timestamps.toInstant(s.getSnapshotTime())).isEqualTo(Timestamps.toInstant(Products.at(5)));
    }

    private static long fromNow(Duration ahead) {
        return Instant.now().plus(ahead).getEpochSecond() - Products.BASE_SECONDS;
    }
}
