package dev.productingest.server.grpc;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;

/** Ends a call an interceptor refuses before it starts. */
public final class Refusal {
    private Refusal() {}

    /** Closes the call with this status; the listener to return for it, which hears nothing. */
    public static <Q, A> ServerCall.Listener<Q> of(ServerCall<Q, A> call, Status status) {
        call.close(status, new Metadata());
        return new ServerCall.Listener<>() {};
    }
}
