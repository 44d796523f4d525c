package dev.productingest.server.auth;

import io.grpc.Context;
import io.grpc.Status;

/** The caller of the gRPC call in progress, as the server's authentication found it. */
public final class Callers {
    /** Set by the authentication of every guarded call, before any service code runs. */
    public static final Context.Key<Caller> KEY = Context.key("product-ingest-caller");

    private Callers() {}

    /**
     * The current call's caller. A service reached without authentication is a wiring mistake, and refuses rather than
     * guessing who calls.
     */
    public static Caller current() {
        Caller caller = KEY.get();
        if (caller == null) {
            throw Status.UNAUTHENTICATED
                    .withDescription("this call carried no credential the server could check")
                    .asRuntimeException();
        }
        return caller;
    }
}
