package dev.productingest.server.grpc;

import dev.productingest.server.auth.Caller;
import dev.productingest.server.auth.Callers;
import dev.productingest.server.auth.Scope;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The scopes each method of a service needs, any one of them, checked before the call starts: a caller without one gets
 * PERMISSION_DENIED naming them. Rules finer than a method (a producer reads only its own jobs) are the service's. A
 * method not listed is refused: a new method must say who may call it.
 */
public final class MethodScopes implements ServerInterceptor {
    private final Map<String, Set<Scope>> anyOf = new HashMap<>();

    public MethodScopes allow(MethodDescriptor<?, ?> method, Scope... scopes) {
        anyOf.put(method.getFullMethodName(), Set.of(scopes));
        return this;
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        Set<Scope> needed = anyOf.getOrDefault(call.getMethodDescriptor().getFullMethodName(), Set.of());
        Caller caller = Callers.current();
        if (needed.stream().noneMatch(caller::has)) {
            String method = call.getMethodDescriptor().getBareMethodName();
            return Refusal.of(
                    call,
                    Status.PERMISSION_DENIED.withDescription(
                            needed.isEmpty()
                                    ? "no credential may call " + method
                                    : "credential '" + caller.name() + "' may not call " + method + ": that needs the "
                                            + needed.stream()
                                                    .map(Scope::configName)
                                                    .sorted()
                                                    .collect(Collectors.joining(" or "))
                                            + " scope"));
        }
        return next.startCall(call, headers);
    }
}
