package dev.productingest.server.grpc;

import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds what {@code grpc.health.v1.Health} holds for callers who need no token: a Watch keeps its service name for as
 * long as it lives, so a name longer than {@link #MAX_SERVICE_NAME} characters is INVALID_ARGUMENT before the health
 * service sees it, and at most {@code maxWatches} Watch calls live at once on the server (RESOURCE_EXHAUSTED beyond
 * them). Check is bounded by the name alone: it keeps nothing.
 */
final class HealthCallBounds implements ServerInterceptor {
    /** Far above any fully qualified service name. */
    static final int MAX_SERVICE_NAME = 256;

    private static final String WATCH = HealthGrpc.getWatchMethod().getFullMethodName();

    private final int maxWatches;
    private final AtomicInteger watches = new AtomicInteger();

    HealthCallBounds(int maxWatches) {
        this.maxWatches = maxWatches;
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        Runnable release = () -> {};
        if (WATCH.equals(call.getMethodDescriptor().getFullMethodName())) {
            if (watches.incrementAndGet() > maxWatches) {
                watches.decrementAndGet();
                call.close(
                        Status.RESOURCE_EXHAUSTED.withDescription(
                                "this server has as many health watches as it serves (" + maxWatches
                                        + "); retry with backoff, or ask with Check"),
                        new Metadata());
                return new ServerCall.Listener<>() {};
            }
            release = watches::decrementAndGet;
        }
        try {
            return new NameChecked<>(call, next.startCall(call, headers), release);
        } catch (RuntimeException e) {
            release.run();
            throw e;
        }
    }

    /** Passes a call on unless its service name is too long; gives its Watch place back once, when it ends. */
    private static final class NameChecked<Q, A>
            extends ForwardingServerCallListener.SimpleForwardingServerCallListener<Q> {
        private final ServerCall<Q, A> call;
        private final Runnable release;
        private final AtomicBoolean released = new AtomicBoolean();
        // Set on the call's own serialized callbacks only.
        private boolean refused;

        NameChecked(ServerCall<Q, A> call, ServerCall.Listener<Q> delegate, Runnable release) {
            super(delegate);
            this.call = call;
            this.release = release;
        }

        @Override
        public void onMessage(Q message) {
            if (message instanceof HealthCheckRequest request
                    && request.getService().length() > MAX_SERVICE_NAME) {
                refused = true;
                call.close(
                        Status.INVALID_ARGUMENT.withDescription(
                                "the service name is longer than " + MAX_SERVICE_NAME
                                        + " characters; ask for \"\" (the server) or a service's full name, such as productingest.v1.ProductIngest"),
                        new Metadata());
                return;
            }
            super.onMessage(message);
        }

        @Override
        public void onHalfClose() {
            if (!refused) {
                super.onHalfClose();
            }
        }

        @Override
        public void onReady() {
            if (!refused) {
                super.onReady();
            }
        }

        @Override
        public void onCancel() {
            end();
            super.onCancel();
        }

        @Override
        public void onComplete() {
            end();
            super.onComplete();
        }

        private void end() {
            if (released.compareAndSet(false, true)) {
                release.run();
            }
        }
    }
}
