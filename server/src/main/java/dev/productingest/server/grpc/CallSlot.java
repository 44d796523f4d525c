package dev.productingest.server.grpc;

import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.Status;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A slot a call holds from its start until it closes or is cancelled, whichever comes first, and gives back exactly
 * once: the shape every per-server and per-caller call limit shares.
 */
public final class CallSlot {
    private final AtomicBoolean released = new AtomicBoolean();
    private final Runnable release;

    private CallSlot(Runnable release) {
        this.release = release;
    }

    /** Starts the call holding a slot taken already; {@code release} gives it back. */
    public static <Q, A> ServerCall.Listener<Q> hold(
            ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next, Runnable release) {
        CallSlot slot = new CallSlot(release);
        // Given back once the call has ended, on either path: a count of held slots that reads zero
        // means every call has seen its end, not only that the end has begun.
        ServerCall<Q, A> releasing = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                try {
                    super.close(status, trailers);
                } finally {
                    slot.release();
                }
            }
        };
        try {
            return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(
                    next.startCall(releasing, headers)) {
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

    private void release() {
        if (released.compareAndSet(false, true)) {
            release.run();
        }
    }
}
