package dev.productingest.perf;

import dev.productingest.server.testing.IngestCall;
import dev.productingest.v1.GetJobRequest;
import dev.productingest.v1.IngestRequest;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.ProductIngestGrpc;
import dev.productingest.v1.ProductRow;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The start of a load sent over a stream of its own that breaks, as a lost connection would, once its first rows have
 * committed: the job stays RUNNING at that offset, for the SDK to resume.
 */
final class BrokenStream {
    private static final Duration COMMIT_WAIT = Duration.ofMinutes(2);

    private BrokenStream() {}

    /**
     * Sends the header and {@code rows} from offset 0, waits until they commit, then breaks the stream. A stream the
     * server ends first (the database restarting) or rows that do not commit within two minutes leave the job where it
     * is: the resume sends whatever did not commit.
     */
    static void commitThenBreak(String target, String jobId, List<ProductRow> rows) throws InterruptedException {
        ManagedChannel channel =
                ManagedChannelBuilder.forTarget(target).usePlaintext().build();
        try {
            CountDownLatch ended = new CountDownLatch(1);
            StreamObserver<IngestRequest> call = ProductIngestGrpc.newStub(channel)
                    .ingest(new StreamObserver<>() {
                        @Override
                        public void onNext(IngestSummary summary) {}

                        @Override
                        public void onError(Throwable t) {
                            ended.countDown();
                        }

                        @Override
                        public void onCompleted() {
                            ended.countDown();
                        }
                    });
            call.onNext(IngestCall.header(jobId));
            call.onNext(IngestCall.chunk(0, rows));
            ProductIngestGrpc.ProductIngestBlockingStub jobs = ProductIngestGrpc.newBlockingStub(channel);
            long deadline = System.nanoTime() + COMMIT_WAIT.toNanos();
            while (ended.getCount() > 0 && System.nanoTime() < deadline && committed(jobs, jobId) < rows.size()) {
                ended.await(50, TimeUnit.MILLISECONDS);
            }
            call.onError(new RuntimeException("connection lost"));
        } finally {
            channel.shutdownNow();
            channel.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private static long committed(ProductIngestGrpc.ProductIngestBlockingStub jobs, String jobId) {
        try {
            return jobs.withDeadlineAfter(5, TimeUnit.SECONDS)
                    .getJob(GetJobRequest.newBuilder().setJobId(jobId).build())
                    .getSummary()
                    .getCommittedOffset();
        } catch (RuntimeException notYet) {
            // No such job yet, or the database restarting.
            return -1;
        }
    }
}
