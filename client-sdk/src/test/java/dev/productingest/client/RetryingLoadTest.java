package dev.productingest.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.productingest.server.testing.Conditions;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.JobState;
import dev.productingest.v1.ProductRow;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a load does with each answer of the server, whichever way its rows come: retries, resumes from the committed
 * offset, gives up, and answers a deadline or a cancel with the job's summary. Against a scripted server over gRPC's
 * in-process transport.
 */
class RetryingLoadTest {
    private static final RetryPolicy QUICK = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(20));

    private final ScriptedIngestService server = new ScriptedIngestService();
    private final List<String> retries = new CopyOnWriteArrayList<>();
    private final ExecutorService workers = Executors.newCachedThreadPool();
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
    private final LiveLoads live = new LiveLoads();
    private Server grpc;
    private ManagedChannel channel;

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow();
        grpc.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        workers.shutdownNow();
        ticks.shutdownNow();
    }

    @Test
    void aLoadFromOneSourceRetriesARefusalThatCameBeforeAnyRowWasRead() throws Exception {
        server.then(new ScriptedIngestService.RefuseAtStart(Status.RESOURCE_EXHAUSTED.withDescription("no slot")))
                .then(new ScriptedIngestService.Complete());

        IngestSummary summary = loads(null)
                .load(IngestOptions.defaults().withJobId("one-source"), LoadRows.once(rows(50)))
                .join();

        assertThat(summary.getCommittedOffset()).isEqualTo(50);
        assertThat(server.firstOffsets).containsExactly(-1L, 0L);
        assertThat(retries).containsExactly("1 of 3: RESOURCE_EXHAUSTED");
    }

    @Test
    void aLoadFromOneSourcePartlySentFailsSayingItWasNotResumed() throws Exception {
        server.then(
                new ScriptedIngestService.FailAfterRows(10, Status.UNAVAILABLE.withDescription("server went away")));

        CompletionException failed = catchThrowableOfType(
                CompletionException.class,
                () -> loads(null)
                        .load(IngestOptions.defaults().withJobId("partly-sent"), LoadRows.once(rows(50)))
                        .join());

        IngestException failure = IngestException.of(failed);
        assertThat(failure.code()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(failure.getMessage())
                .contains("server went away")
                .contains("not resumed")
                .contains("partly-sent");
        assertThat(server.calls()).isEqualTo(1);
        assertThat(retries).isEmpty();
    }

    @Test
    void aLoadFromAReopenableSourceResumesFromTheCommittedOffset() throws Exception {
        server.then(new ScriptedIngestService.FailAfterRows(10, Status.UNAVAILABLE.withDescription("server went away")))
                .then(new ScriptedIngestService.Complete());

        IngestSummary summary = loads(null)
                .load(IngestOptions.defaults().withJobId("reopened"), LoadRows.reopening(() -> rows(50)))
                .join();

        assertThat(summary.getCommittedOffset()).isEqualTo(50);
        assertThat(server.firstOffsets).containsExactly(0L, 10L);
        assertThat(retries).containsExactly("1 of 3: UNAVAILABLE");
    }

    @Test
    void aLoadWithoutAJobIdGetsOneSoThatItCanResume() throws Exception {
        server.then(new ScriptedIngestService.FailAfterRows(10, Status.UNAVAILABLE))
                .then(new ScriptedIngestService.Complete());

        IngestSummary summary = loads(null)
                .load(IngestOptions.defaults(), LoadRows.reopening(() -> rows(30)))
                .join();

        assertThat(summary.getJobId()).isNotEmpty();
        assertThat(server.firstOffsets).containsExactly(0L, 10L);
    }

    @Test
    void aRefusalNoRetryCanMendEndsTheLoadAtOnce() throws Exception {
        server.then(new ScriptedIngestService.RefuseAtStart(Status.INVALID_ARGUMENT.withDescription("bad header")));

        CompletionException failed = catchThrowableOfType(
                CompletionException.class,
                () -> loads(null)
                        .load(IngestOptions.defaults().withJobId("refused"), LoadRows.reopening(() -> rows(5)))
                        .join());

        assertThat(IngestException.of(failed).code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(server.calls()).isEqualTo(1);
    }

    @Test
    void aLoadGivesUpAfterThePolicysLastAttempt() throws Exception {
        for (int i = 0; i < 3; i++) {
            server.then(new ScriptedIngestService.RefuseAtStart(Status.UNAVAILABLE.withDescription("down")));
        }

        CompletionException failed = catchThrowableOfType(
                CompletionException.class,
                () -> loads(null)
                        .load(IngestOptions.defaults().withJobId("down"), LoadRows.reopening(() -> rows(5)))
                        .join());

        assertThat(IngestException.of(failed).code()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(server.calls()).isEqualTo(3);
        assertThat(retries).containsExactly("1 of 3: UNAVAILABLE", "2 of 3: UNAVAILABLE");
    }

    @Test
    void aCancelledLoadAnswersWithTheSummaryOfTheJobAsTheServerEndedIt() throws Exception {
        server.then(new ScriptedIngestService.NeverAnswer());
        CompletableFuture<IngestSummary> load = loads(null)
                .load(IngestOptions.defaults().withJobId("changed-mind"), LoadRows.reopening(() -> rows(20)));
        awaitLiveStream();

        live.cancel("changed-mind");
        server.end("changed-mind", JobState.CANCELLED);

        assertThat(load.join().getState()).isEqualTo(JobState.CANCELLED);
        assertThat(server.calls()).as("a cancelled load does not retry").isEqualTo(1);
    }

    @Test
    void aPassedDeadlineAnswersWithTheSummaryOfTheJobAsTheServerEndedIt() throws Exception {
        server.then(new ScriptedIngestService.NeverAnswer());
        CompletableFuture<IngestSummary> load = loads(Duration.ofMillis(300))
                .load(IngestOptions.defaults().withJobId("too-slow"), LoadRows.reopening(() -> rows(20)));
        server.end("too-slow", JobState.CANCELLED);

        assertThat(load.join().getState()).isEqualTo(JobState.CANCELLED);
        assertThat(server.calls()).isEqualTo(1);
    }

    private RetryingLoad loads(Duration deadline) throws Exception {
        String name = InProcessServerBuilder.generateName();
        grpc = InProcessServerBuilder.forName(name).addService(server).build().start();
        channel = InProcessChannelBuilder.forName(name).build();
        LoadSettings settings = new LoadSettings(10, 1 << 20, 4 << 20, null, deadline, null, Duration.ofSeconds(1));
        LoadAttempt attempt =
                new LoadAttempt(channel, new JobCalls(channel, deadline, workers), settings, live, workers, ticks);
        return new RetryingLoad(
                attempt,
                QUICK,
                (n, of, failure, wait) -> retries.add(n + " of " + of + ": " + failure.code()),
                workers);
    }

    /** Waits until the stream is open: the server has its header. */
    private void awaitLiveStream() {
        Conditions.await("the load streams rows", () -> server.calls() > 0 && server.firstOffsets.get(0) >= 0);
    }

    private static RowSource rows(int count) {
        List<ProductRow> rows = IntStream.range(0, count)
                .mapToObj(i -> ProductRow.newBuilder()
                        .setSku("SKU-" + i)
                        .setName("item " + i)
                        .setCurrency("EUR")
                        .build())
                .toList();
        return RowSource.of(rows.iterator());
    }
}
