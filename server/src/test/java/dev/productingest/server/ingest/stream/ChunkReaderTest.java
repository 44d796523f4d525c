package dev.productingest.server.ingest.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.google.protobuf.Timestamp;
import dev.productingest.server.ingest.write.Batch;
import dev.productingest.server.ingest.write.OffsetRow;
import dev.productingest.server.store.JobRecord;
import dev.productingest.server.store.JobStatus;
import dev.productingest.v1.ProductRow;
import dev.productingest.v1.RowChunk;
import dev.productingest.v1.RowError;
import io.dropwizard.util.Duration;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkReaderTest {
    private static final Instant NOW = Instant.parse("2026-12-03T15:02:11Z");
    private static final FutureBound BOUND = new FutureBound(Clock.fixed(NOW, ZoneOffset.UTC), Duration.hours(1));

    private static ProductRow row(String sku) {
        return ProductRow.newBuilder()
                .setSku(sku)
                .setName("Product " + sku)
                .setPriceMinor(100)
                .setCurrency("EUR")
                .setStock(1)
                .setUpdatedAt(Timestamp.newBuilder().setSeconds(1_700_000_000))
                .build();
    }

    private static RowChunk chunk(long first, int rows) {
        RowChunk.Builder chunk = RowChunk.newBuilder().setFirstOffset(first);
        for (int i = 0; i < rows; i++) {
            chunk.addRows(row("sku-" + (first + i)));
        }
        return chunk.build();
    }

    /** A job as a stream finds it when it opens: committed up to an offset, with rejects before it and a budget. */
    private static JobRecord job(long committedOffset, long rejected, Long maxRejected) {
        Instant now = Instant.now();
        return new JobRecord(
                "job-1",
                JobStatus.RUNNING,
                "test",
                null,
                maxRejected,
                committedOffset,
                committedOffset,
                0,
                0,
                0,
                rejected,
                0,
                0,
                committedOffset,
                null,
                "server",
                null,
                now,
                null,
                now,
                now,
                null,
                null);
    }

    private static List<Long> offsets(Batch batch) {
        return batch.rows().stream().map(OffsetRow::offset).toList();
    }

    @Test
    void aBatchIsCutEachTimeItHoldsBatchRowsAndTheRestWaitsForTheNext() {
        ChunkReader reader = new ChunkReader(job(0, 0, null), BOUND, 4, 1 << 20);

        ChunkReader.Read read = reader.read(chunk(0, 10), 1_000, 10_000);

        assertThat(read.full())
                .extracting(cut -> offsets(cut.batch()))
                .containsExactly(List.of(0L, 1L, 2L, 3L), List.of(4L, 5L, 6L, 7L));
        assertThat(read.full()).extracting(ChunkReader.Cut::heapBytes).containsExactly(4_000L, 4_000L);
        assertThat(read.keptBytes()).isEqualTo(10_000);
        assertThat(read.budgetSpent()).isEmpty();
        assertThat(reader.cut())
                .hasValueSatisfying(rest -> assertThat(offsets(rest.batch())).containsExactly(8L, 9L));
        assertThat(reader.holdsRows()).isFalse();
    }

    @Test
    void aBatchIsCutWhenItsRowsReachBatchBytesOnTheWire() {
        ChunkReader reader = new ChunkReader(job(0, 0, null), BOUND, 1000, 300);

        ChunkReader.Read read = reader.read(chunk(0, 5), 500, 5_000);

        assertThat(read.full()).extracting(cut -> cut.batch().size()).containsExactly(3L);
    }

    @Test
    void rowsBelowTheCommittedOffsetAreSkippedAndTheirBytesNotKept() {
        ChunkReader reader = new ChunkReader(job(7, 0, null), BOUND, 100, 1 << 20);

        ChunkReader.Read read = reader.read(chunk(5, 5), 500, 5_000);

        assertThat(read.keptBytes()).isEqualTo(3_000);
        assertThat(reader.cut()).hasValueSatisfying(batch -> {
            assertThat(offsets(batch.batch())).containsExactly(7L, 8L, 9L);
            assertThat(batch.batch().startOffset()).isEqualTo(7);
        });
    }

    @Test
    void rowsThatBreakTheRulesAndUnreadableRowsAreRejectsAtTheirOffsets() {
        ChunkReader reader = new ChunkReader(job(0, 0, null), BOUND, 100, 1 << 20);
        RowChunk chunk = RowChunk.newBuilder()
                .setFirstOffset(0)
                .addRows(row("a"))
                .addUnreadable(RowError.newBuilder().setOffset(1))
                .addRows(row("b").toBuilder().setName(""))
                .addUnreadable(
                        RowError.newBuilder().setOffset(3).setField("price").setReason("not a number"))
                .build();

        reader.read(chunk, 400, 4_000);

        Batch batch = reader.cut().orElseThrow().batch();
        assertThat(offsets(batch)).containsExactly(0L);
        assertThat(batch.rejects())
                .extracting(RowError::getOffset, RowError::getField, RowError::getReason)
                .containsExactly(
                        tuple(1L, "row", "the producer could not read this row"),
                        tuple(2L, "name", batch.rejects().get(1).getReason()),
                        tuple(3L, "price", "not a number"));
        assertThat(batch.rejects().get(1).getSku()).isEqualTo("b");
    }

    @Test
    void theRejectThatSpendsTheErrorBudgetEndsTheReadAndTheJobFails() {
        // Two rejects before this stream, one more allowed.
        ChunkReader reader = new ChunkReader(job(0, 2, 3L), BOUND, 100, 1 << 20);
        RowChunk chunk = RowChunk.newBuilder()
                .setFirstOffset(0)
                .addRows(row("a").toBuilder().setName(""))
                .addRows(row("b"))
                .addRows(row("c").toBuilder().setName(""))
                .addRows(row("d"))
                .build();

        ChunkReader.Read read = reader.read(chunk, 400, 4_000);

        assertThat(read.budgetSpent()).hasValueSatisfying(end -> {
            assertThat(end.isFailure()).isTrue();
            assertThat(end.error()).contains("4 rows rejected, more than max_rejected 3; stopped at offset 2");
        });
        assertThat(read.keptBytes())
                .as("the rows up to the reject that spent the budget")
                .isEqualTo(3_000);
        Batch batch = reader.cut().orElseThrow().batch();
        assertThat(batch.endOffset()).isEqualTo(3);
    }

    @Test
    void rowsAndTombstonesDatedTooFarAheadOfTheServersClockAreRejectsAndTheRestIsKept() {
        Timestamp ahead = Timestamp.newBuilder()
                .setSeconds(NOW.plusSeconds(3601).getEpochSecond())
                .build();
        ChunkReader reader = new ChunkReader(job(0, 0, null), BOUND, 100, 1 << 20);
        RowChunk chunk = RowChunk.newBuilder()
                .setFirstOffset(0)
                .addRows(row("a").toBuilder().setUpdatedAt(ahead))
                .addRows(row("b"))
                .addRows(ProductRow.newBuilder().setSku("c").setDeleted(true).setUpdatedAt(ahead))
                .build();

        reader.read(chunk, 300, 3_000);

        Batch batch = reader.cut().orElseThrow().batch();
        assertThat(offsets(batch)).containsExactly(1L);
        assertThat(batch.rejects())
                .extracting(RowError::getOffset, RowError::getSku, RowError::getField)
                .containsExactly(tuple(0L, "a", "updated_at"), tuple(2L, "c", "updated_at"));
        assertThat(batch.rejects().get(0).getReason()).contains("2026-12-03T16:02:12Z is more than 1 hour ahead");
    }

    @Test
    void aRowDatedTooFarAheadThatTheJobCommittedIsNotJudgedAgainOnResume() {
        ChunkReader reader = new ChunkReader(job(1, 1, null), BOUND, 100, 1 << 20);
        RowChunk chunk = RowChunk.newBuilder()
                .setFirstOffset(0)
                .addRows(row("a").toBuilder()
                        .setUpdatedAt(Timestamp.newBuilder()
                                .setSeconds(NOW.plusSeconds(7200).getEpochSecond())))
                .addRows(row("b"))
                .build();

        reader.read(chunk, 200, 2_000);

        Batch batch = reader.cut().orElseThrow().batch();
        assertThat(batch.startOffset()).isEqualTo(1);
        assertThat(batch.rejects()).isEmpty();
        assertThat(offsets(batch)).containsExactly(1L);
    }
}
