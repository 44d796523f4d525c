package dev.productingest.server.ingest.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.productingest.server.testing.Conditions;
import dev.productingest.v1.ListRejectsRequest;
import dev.productingest.v1.ProductIngestGrpc;
import dev.productingest.v1.RowError;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** ListRejects over gRPC's in-process transport: every reject in order, and no more read than the caller takes. */
class RejectListingTest {
    private static final long REJECTS = 20_500;

    private final AtomicInteger pagesRead = new AtomicInteger();
    // As many threads as the server's read pool: the job check and gRPC's first ready signal race.
    private final ExecutorService reads = Executors.newFixedThreadPool(4);
    private Server server;
    private ManagedChannel channel;

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow();
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        reads.shutdownNow();
    }

    @Test
    void everyRejectAfterTheOffsetArrivesInOrder() throws Exception {
        start(true);

        List<RowError> all = new ArrayList<>();
        ProductIngestGrpc.newBlockingStub(channel).listRejects(request(99)).forEachRemaining(all::add);

        assertThat(all).hasSize((int) (REJECTS - 100));
        assertThat(all.get(0).getOffset()).isEqualTo(100);
        assertThat(all).extracting(RowError::getOffset).isSorted();
    }

    @Test
    void aCallerThatTakesTenRejectsCostsOnePageRead() throws Exception {
        start(true);
        AtomicInteger received = new AtomicInteger();
        AtomicReference<ClientCallStreamObserver<ListRejectsRequest>> call = new AtomicReference<>();
        ProductIngestGrpc.newStub(channel)
                .listRejects(request(-1), new ClientResponseObserver<ListRejectsRequest, RowError>() {
                    @Override
                    public void beforeStart(ClientCallStreamObserver<ListRejectsRequest> requestStream) {
                        requestStream.disableAutoRequestWithInitial(10);
                        call.set(requestStream);
                    }

                    @Override
                    public void onNext(RowError value) {
                        received.incrementAndGet();
                    }

                    @Override
                    public void onError(Throwable t) {}

                    @Override
                    public void onCompleted() {}
                });

        Conditions.await("ten rejects arrive", () -> received.get() == 10);
        assertThat(pagesRead.get())
                .as("pages read for a caller that took ten rejects")
                .isEqualTo(1);
        call.get().cancel("enough", null);
    }

    @Test
    void noSuchJobIsNotFound() throws Exception {
        start(false);

        Status status = Status.fromThrowable(CompletableFuture.supplyAsync(() -> {
                    try {
                        ProductIngestGrpc.newBlockingStub(channel)
                                .listRejects(request(-1))
                                .hasNext();
                        return null;
                    } catch (RuntimeException e) {
                        return e;
                    }
                })
                .get(30, TimeUnit.SECONDS));

        assertThat(status.getCode()).isEqualTo(Status.Code.NOT_FOUND);
    }

    private void start(boolean jobExists) throws Exception {
        ProductIngestGrpc.ProductIngestImplBase service = new ProductIngestGrpc.ProductIngestImplBase() {
            @Override
            public void listRejects(ListRejectsRequest request, StreamObserver<RowError> responseObserver) {
                new RejectListing(
                                (ServerCallStreamObserver<RowError>) responseObserver,
                                reads,
                                () -> {
                                    if (!jobExists) {
                                        throw Status.NOT_FOUND
                                                .withDescription("no job")
                                                .asRuntimeException();
                                    }
                                },
                                RejectListingTest.this::page,
                                request.hasAfterOffset() ? request.getAfterOffset() : -1,
                                new LastingReads())
                        .start();
            }
        };
        String name = InProcessServerBuilder.generateName();
        server =
                InProcessServerBuilder.forName(name).addService(service).build().start();
        channel = InProcessChannelBuilder.forName(name).build();
    }

    private List<RowError> page(long after, int limit) {
        pagesRead.incrementAndGet();
        return LongStream.range(after + 1, Math.min(REJECTS, after + 1 + limit))
                .mapToObj(offset -> RowError.newBuilder()
                        .setOffset(offset)
                        .setSku("SKU-" + offset)
                        .setField("price")
                        .setReason("bad")
                        .build())
                .toList();
    }

    private static ListRejectsRequest request(long after) {
        ListRejectsRequest.Builder b = ListRejectsRequest.newBuilder().setJobId("job");
        if (after >= 0) {
            b.setAfterOffset(after);
        }
        return b.build();
    }
}
