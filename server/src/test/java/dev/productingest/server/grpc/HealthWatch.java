package dev.productingest.server.grpc;

import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A grpc.health.v1 Watch call, as the SDK's health-checked round robin makes one: every status it was sent, and how it
 * ended.
 */
final class HealthWatch {
    private final BlockingQueue<ServingStatus> statuses = new LinkedBlockingQueue<>();
    private final CompletableFuture<Status> ended = new CompletableFuture<>();
    private final CompletableFuture<Void> answered = new CompletableFuture<>();
    private volatile ClientCallStreamObserver<HealthCheckRequest> call;

    private HealthWatch() {}

    static HealthWatch start(Channel channel, String service) {
        HealthWatch watch = new HealthWatch();
        HealthGrpc.newStub(channel)
                .watch(HealthCheckRequest.newBuilder().setService(service).build(), watch.observer());
        return watch;
    }

    private ClientResponseObserver<HealthCheckRequest, HealthCheckResponse> observer() {
        return new ClientResponseObserver<>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<HealthCheckRequest> requests) {
                call = requests;
            }

            @Override
            public void onNext(HealthCheckResponse response) {
                statuses.add(response.getStatus());
                answered.complete(null);
            }

            @Override
            public void onError(Throwable t) {
                ended.complete(Status.fromThrowable(t));
                answered.complete(null);
            }

            @Override
            public void onCompleted() {
                ended.complete(Status.OK);
                answered.complete(null);
            }
        };
    }

    /** The next status sent, waiting up to ten seconds; null if none came. */
    ServingStatus next() throws InterruptedException {
        return statuses.poll(10, TimeUnit.SECONDS);
    }

    /** Waits for the first answer, a status or the end of the call, up to a minute. */
    HealthWatch awaitAnswer() {
        try {
            answered.get(60, TimeUnit.SECONDS);
            return this;
        } catch (Exception e) {
            throw new AssertionError("no answer to the health watch", e);
        }
    }

    /** Whether the server took the watch: its first answer is a status, not the call's end. */
    boolean admitted() {
        return !awaitAnswer().hasEnded();
    }

    /** How the call ended, waiting up to ten seconds for it. */
    Status.Code endedWith() throws Exception {
        return ended.get(10, TimeUnit.SECONDS).getCode();
    }

    boolean hasEnded() {
        return ended.isDone();
    }

    void cancel() {
        call.cancel("the watcher is done", null);
    }
}
