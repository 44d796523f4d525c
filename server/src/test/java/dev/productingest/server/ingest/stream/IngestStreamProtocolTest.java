package dev.productingest.server.ingest.stream;

import static dev.productingest.server.testing.IngestCall.chunk;
import static dev.productingest.server.testing.IngestCall.chunks;
import static dev.productingest.server.testing.IngestCall.header;
import static org.assertj.core.api.Assertions.assertThat;

import dev.productingest.server.ingest.write.Batch;
import dev.productingest.server.store.JobStatus;
import dev.productingest.server.testing.Conditions;
import dev.productingest.server.testing.IngestCall;
import dev.productingest.server.testing.Products;
import dev.productingest.v1.IngestRequest;
import dev.productingest.v1.JobState;
import dev.productingest.v1.ProductRow;
import io.dropwizard.util.Duration;
import io.grpc.Status;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One producer's stream, message by message, against a job table and a batch writer in memory: the protocol paths of
 * {@link IngestStream} (order, offsets, replays, failures, flow control, the memory budget, silence, cancel and
 * deadline) without a database.
 */
class IngestStreamProtocolTest {
    private InProcessIngest ingest;

    @AfterEach
    void stop() throws InterruptedException {
        if (ingest != null) {
            ingest.close();
        }
    }

    @Test
    void rowsReachTheWriterInBatchesInOffsetOrderAndTheJobCompletes() throws Exception {
        ingest = new InProcessIngest();

        IngestCall.Result result = IngestCall.run(ingest.stub(), requests("job-1", 0, Products.catalog(35, 0), 7));

        assertThat(result.ok()).as("%s", result.status()).isTrue();
        assertThat(result.summary().getState()).isEqualTo(JobState.COMPLETED);
        assertThat(result.summary().getCommittedOffset()).isEqualTo(35);
        assertThat(ingest.writer.written).extracting(Batch::startOffset).containsExactly(0L, 10L, 20L, 30L);
        assertThat(ingest.writer.written).extracting(Batch::endOffset).containsExactly(10L, 20L, 30L, 35L);
        assertThat(ingest.jobs.ended).containsExactly("job-1 COMPLETED");
    }

    @Test
    void aChunkBeforeTheHeaderIsInvalidArgumentAndOpensNoJob() throws Exception {
        ingest = new InProcessIngest();

        IngestCall.Result result = IngestCall.run(ingest.stub(), List.of(chunk(0, Products.catalog(3, 0))));

        assertThat(result.status().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(result.status().getDescription()).contains("before the header");
        assertThat(ingest.writer.written).isEmpty();
    }

    @Test
    void aSecondHeaderIsInvalidArgumentAndTheJobIsLetGoForAResume() throws Exception {
        ingest = new InProcessIngest();

        IngestCall.Result result = IngestCall.run(
                ingest.stub(), List.of(header("job-2"), chunk(0, Products.catalog(3, 0)), header("job-2")));

        assertThat(result.status().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(result.status().getDescription()).contains("second header");
        Conditions.await("job-2 is released", () -> ingest.jobs.released.contains("job-2"));
        assertThat(ingest.jobs.ended).isEmpty();
    }

    @Test
    void rowsBelowTheCommittedOffsetAreNeitherWrittenNorCountedAgain() throws Exception {
        ingest = new InProcessIngest();
        ingest.jobs.exists("job-3", JobStatus.RUNNING, 20);

        IngestCall.Result result = IngestCall.run(ingest.stub(), requests("job-3", 0, Products.catalog(30, 0), 10));

        assertThat(result.summary().getCommittedOffset()).isEqualTo(30);
        assertThat(ingest.writer.written).extracting(Batch::startOffset).containsExactly(20L);
        assertThat(ingest.writer.written.get(0).rows())
                .extracting(r -> r.offset())
                .containsExactly(20L, 21L, 22L, 23L, 24L, 25L, 26L, 27L, 28L, 29L);
    }

    @Test
    void aChunkThatSkipsPastTheCommittedOffsetIsRefusedSayingWhereToResume() throws Exception {
        ingest = new InProcessIngest();
        ingest.jobs.exists("job-4", JobStatus.RUNNING, 20);

        IngestCall.Result result = IngestCall.run(ingest.stub(), requests("job-4", 25, Products.catalog(5, 0), 5));

        assertThat(result.status().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(result.status().getDescription()).contains("committed up to offset 20");
    }

    @Test
    void aCompletedJobTakesItsCommittedRowsAgainButNoNewOne() throws Exception {
        ingest = new InProcessIngest();
        ingest.jobs.exists("job-5", JobStatus.COMPLETED, 10);

        IngestCall.Result replay = IngestCall.run(ingest.stub(), requests("job-5", 0, Products.catalog(10, 0), 5));
        IngestCall.Result extra = IngestCall.run(ingest.stub(), requests("job-5", 0, Products.catalog(11, 0), 11));

        assertThat(replay.summary().getState()).isEqualTo(JobState.COMPLETED);
        assertThat(replay.summary().getCommittedOffset()).isEqualTo(10);
        assertThat(extra.status().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(extra.status().getDescription()).contains("offset 10 is new");
        assertThat(ingest.writer.written).isEmpty();
    }

    @Test
    void aFailedWriteEndsTheStreamWithItsStatusAndLeavesTheJobResumable() throws Exception {
        ingest = new InProcessIngest();
        ingest.writer.failWith(Status.UNAVAILABLE
                .withDescription("the database is unavailable")
                .asRuntimeException());

        IngestCall.Result result = IngestCall.run(ingest.stub(), requests("job-6", 0, Products.catalog(25, 0), 5));

        assertThat(result.status().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        Conditions.await("job-6 is released", () -> ingest.jobs.released.contains("job-6"));
        assertThat(ingest.jobs.ended).isEmpty();
    }

    @Test
    void aStreamReadsNoFurtherWhileItsBatchesInFlightCannotBeWritten() throws Exception {
        ingest = new InProcessIngest();
        ingest.writer.hold();
        List<ProductRow> rows = Products.catalog(1000, 0);

        IngestCall call = IngestCall.open(ingest.stub());
        requests("job-7", 0, rows, 10).forEach(call::send);
        Conditions.await("the first batch is being written", () -> ingest.writer.waiting() == 1);
        Conditions.await("two batches' rows are read", () -> ingest.rowsReceived.getCount() >= 20);

        // One batch writing and one queued: the stream asked for nothing more, whatever the producer sent.
        assertThat(ingest.rowsReceived.getCount()).isEqualTo(20);

        ingest.writer.allowAll();
        IngestCall.Result result = call.finish();
        assertThat(result.summary().getCommittedOffset()).isEqualTo(1000);
        assertThat(ingest.rowsReceived.getCount()).isEqualTo(1000);
    }

    @Test
    void aPartialBatchIsWrittenWhenTheProducerPausesLongerThanTheLinger() throws Exception {
        ingest = new InProcessIngest();

        IngestCall call = IngestCall.open(ingest.stub());
        requests("job-8", 0, Products.catalog(3, 0), 3).forEach(call::send);
        Conditions.await("the three rows are written before the stream ends", () -> ingest.writer.written.size() == 1);
        IngestCall.Result result = call.finish();

        assertThat(ingest.writer.written.get(0).endOffset()).isEqualTo(3);
        assertThat(result.summary().getCommittedOffset()).isEqualTo(3);
    }

    @Test
    void aStreamWithoutAHeaderIsEndedUnavailableAndOneThatFallsSilentToo() throws Exception {
        // An idle limit well above the time a busy machine takes to deliver a chunk sent right after its header.
        ingest = new InProcessIngest(InProcessIngest.settings(Duration.milliseconds(200), Duration.seconds(2)));

        IngestCall.Result headless = IngestCall.open(ingest.stub()).await();
        IngestCall silent = IngestCall.open(ingest.stub());
        requests("job-9", 0, Products.catalog(5, 0), 5).forEach(silent::send);
        IngestCall.Result quiet = silent.await();

        assertThat(headless.status().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(headless.status().getDescription()).contains("no header within");
        assertThat(quiet.status().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(quiet.status().getDescription()).contains("stays RUNNING");
        Conditions.await("job-9's rows are committed and the job let go", () -> ingest.jobs.released.contains("job-9"));
        assertThat(ingest.jobs.get("job-9").committedOffset()).isEqualTo(5);
    }

    @Test
    void aCallTheProducerCancelsLetsItsJobGoForAResume() throws Exception {
        ingest = new InProcessIngest();
        ingest.writer.hold();

        IngestCall call = IngestCall.open(ingest.stub());
        requests("job-10", 0, Products.catalog(30, 0), 10).forEach(call::send);
        Conditions.await("a batch is being written", () -> ingest.writer.waiting() == 1);
        call.breakOff();
        Conditions.await("the server lets the call go", () -> ingest.admission.liveStreams() == 0);
        ingest.writer.allowAll();

        Conditions.await("job-10 is released", () -> ingest.jobs.released.contains("job-10"));
        assertThat(ingest.jobs.ended).isEmpty();
    }

    @Test
    void aDeadlineThatPassesEndsTheJobCancelledWithWhatWasCommittedAndSkipsQueuedBatches() throws Exception {
        ingest = new InProcessIngest();
        ingest.writer.hold();
        ingest.writer.allow(1);

        IngestCall call = IngestCall.open(ingest.stub().withDeadlineAfter(500, TimeUnit.MILLISECONDS));
        requests("job-11", 0, Products.catalog(30, 0), 10).forEach(call::send);
        IngestCall.Result result = call.await();
        Conditions.await("the server lets the call go", () -> ingest.admission.liveStreams() == 0);
        ingest.writer.allowAll();

        assertThat(result.status().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
        Conditions.await("job-11 ends", () -> !ingest.jobs.ended.isEmpty());
        assertThat(ingest.jobs.ended).containsExactly("job-11 CANCELLED");
        // A batch being written when the deadline passed commits; one still queued does not, so the
        // last batch, queued behind one that could not be written before the deadline, never is.
        assertThat(ingest.writer.written)
                .extracting(Batch::endOffset)
                .startsWith(10L)
                .doesNotContain(30L);
        assertThat(ingest.jobs.get("job-11").committedOffset())
                .isEqualTo(ingest.writer
                        .written
                        .get(ingest.writer.written.size() - 1)
                        .endOffset());
    }

    @Test
    void aMessageIsParsedOnlyOnceTheBudgetHoldsItsWholeCostInTheHeap() throws Exception {
        IngestRequest tenRows = chunk(0, Products.catalog(10, 0));
        long cost = heapCost(tenRows);
        // Room for one such message and a half: a second one waits while the first one's rows are held.
        ingest = new InProcessIngest(
                InProcessIngest.settings(Duration.seconds(30), Duration.seconds(30)), cost + cost / 2);
        ingest.writer.hold();

        IngestCall first = IngestCall.open(ingest.stub());
        first.send(header("job-12")).send(tenRows);
        Conditions.await("the first stream's batch is being written", () -> ingest.writer.waiting() == 1);
        IngestCall second = IngestCall.open(ingest.stub());
        second.send(header("job-13")).send(tenRows);
        Conditions.await("the second stream's message waits for memory", () -> ingest.memory.waiting() == 1);

        assertThat(ingest.rowsReceived.getCount()).as("rows parsed").isEqualTo(10);
        assertThat(ingest.memory.used()).isLessThanOrEqualTo(ingest.memory.capacity());

        ingest.writer.allowAll();
        IngestCall.Result secondResult = second.finish();
        IngestCall.Result firstResult = first.finish();
        assertThat(firstResult.summary().getCommittedOffset()).isEqualTo(10);
        assertThat(secondResult.summary().getCommittedOffset())
                .as("%s", secondResult.status())
                .isEqualTo(10);
        Conditions.await("every byte of the budget is back", () -> ingest.memory.used() == 0);
    }

    @Test
    void aMessageCostingMoreThanTheWholeBudgetIsResourceExhaustedSayingToSendFewerRows() throws Exception {
        IngestRequest hundredRows = chunk(0, Products.catalog(100, 0));
        ingest = new InProcessIngest(
                InProcessIngest.settings(Duration.seconds(30), Duration.seconds(30)), heapCost(hundredRows) / 2);

        IngestCall.Result result = IngestCall.run(ingest.stub(), List.of(header("job-14"), hundredRows));

        assertThat(result.status().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(result.status().getDescription()).contains("send fewer rows per message");
        assertThat(ingest.rowsReceived.getCount()).isZero();
        Conditions.await("job-14 is released", () -> ingest.jobs.released.contains("job-14"));
        assertThat(ingest.memory.used()).isZero();
    }

    /** What a message costs the budget over the in-process transport, which hands it over as a copy in the heap. */
    private static long heapCost(IngestRequest request) {
        byte[] wire = request.toByteArray();
        return HeapCost.of(List.of(ByteBuffer.wrap(wire)), wire.length).heapBytes() + wire.length;
    }

    /** The header of a job, then its rows from {@code firstOffset} in chunks of {@code chunkRows}. */
    private static List<IngestRequest> requests(String jobId, long firstOffset, List<ProductRow> rows, int chunkRows) {
        List<IngestRequest> requests = new ArrayList<>();
        requests.add(header(jobId));
        requests.addAll(chunks(firstOffset, rows, chunkRows));
        return requests;
    }
}
