package dev.productingest.server.grpc;

import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.Status;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A slot a call holds from its start until it closes or is cancelled, whichever comes first, and
 * gives back exactly once: the shape every per-server and per-caller call limit shares.
 */
public final class CallSlot {
    private final AtomicBoolean released = new AtomicBoolean();
    private final Runnable release;

    private CallSlot(Runnable release) {
        this.release = release;
    }

    /** Starts the call holding a slot taken already; {@code release} gives it back. */
    public static <Q, A> ServerCall.Listener<Q> hold(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next,
            Runnable release) {
        CallSlot slot = new CallSlot(release);
        ServerCall<Q, A> releasing = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                slot.release();
                super.close(status, trailers);
            }
        };
        try {
            return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(releasing, headers)) {
                // Given back once the call has taken in its cancel: a count of held slots that reads
                // zero means every call has seen its end, not only that the end has begun.
                @Override
                public void onCancel() {
                    try {
                        super.onCancel();
                    } finally {
                        slot.release();
                    }
                }
            };
        } catch (RuntimeException e) {
            slot.release();
            throw e;
        }
    }

    /** Ends a call refused a slot before it started: the listener to return for it. */
    public static <Q, A> ServerCall.Listener<Q> refuse(ServerCall<Q, A> call, Status status) {
        call.close(status, new Metadata());
        return new ServerCall.Listener<>() {
        };
    }

    private void release() {
        if (released.compareAndSet(false, true)) {
            release.run();
        }
    }
}
