package dev.productingest.server.grpc;

import dev.productingest.server.auth.Callers;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most {@code limit} calls of one method open at once for each credential, so that one caller's watches or listings
 * cannot take the read threads and connections every other caller shares. A call beyond it gets RESOURCE_EXHAUSTED; the
 * slot is held until the call closes or is cancelled.
 */
public final class CallsPerCaller implements ServerInterceptor {
    private final String method;
    private final String what;
    private final int limit;
    private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();

    /** @param what the calls as a person names them, for the refusal ("watches") */
    public CallsPerCaller(MethodDescriptor<?, ?> method, String what, int limit) {
        this.method = method.getFullMethodName();
        this.what = what;
        this.limit = limit;
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        if (!call.getMethodDescriptor().getFullMethodName().equals(method)) {
            return next.startCall(call, headers);
        }
        String caller = Callers.current().name();
        boolean[] admitted = new boolean[1];
        open.compute(caller, (k, n) -> {
            int now = n == null ? 0 : n;
            admitted[0] = now < limit;
            return admitted[0] ? now + 1 : (n == null ? null : n);
        });
        if (!admitted[0]) {
            return Refusal.of(
                    call,
                    Status.RESOURCE_EXHAUSTED.withDescription(
                            "credential '" + caller + "' already has " + limit + " " + what
                                    + " open on this server, the most one credential may; close one or retry when one ends"));
        }
        return CallSlot.hold(call, headers, next, () -> open.computeIfPresent(caller, (k, n) -> n == 1 ? null : n - 1));
    }
}
