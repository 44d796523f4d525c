package dev.productingest.server.testing;

import dev.productingest.v1.GetJobRequest;
import dev.productingest.v1.Job;
import dev.productingest.v1.ProductIngestGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A WatchJob call: every update it sent, in order, and how it ended. */
public final class JobWatch {
    private final BlockingQueue<Job> unread = new LinkedBlockingQueue<>();
    private final List<Job> seen = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Status> ended = new CompletableFuture<>();

    private JobWatch() {}

    public static JobWatch start(ProductIngestGrpc.ProductIngestStub stub, String jobId) {
        JobWatch watch = new JobWatch();
        stub.watchJob(GetJobRequest.newBuilder().setJobId(jobId).build(), new StreamObserver<>() {
            @Override
            public void onNext(Job job) {
                watch.seen.add(job);
                watch.unread.add(job);
            }

            @Override
            public void onError(Throwable t) {
                watch.ended.complete(Status.fromThrowable(t));
            }

            @Override
            public void onCompleted() {
                watch.ended.complete(Status.OK);
            }
        });
        return watch;
    }

    /** The next update not read yet, waiting up to ten seconds for it; null if none came. */
    public Job next() throws InterruptedException {
        return unread.poll(10, TimeUnit.SECONDS);
    }

    /** Every update so far. */
    public List<Job> seen() {
        return seen;
    }

    /** The last update so far; null before the first. */
    public Job last() {
        return seen.isEmpty() ? null : seen.get(seen.size() - 1);
    }

    /** How the call ended, waiting up to ten seconds for it. */
    public Status ended() throws Exception {
        return ended.get(10, TimeUnit.SECONDS);
    }
}
