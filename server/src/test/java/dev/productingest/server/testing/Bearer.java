package dev.productingest.server.testing;

import io.dropwizard.testing.ConfigOverride;
import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;

/** Bearer tokens for tests: a call's header, and a server with an administrator beside anonymous callers. */
public final class Bearer {
    /** The administrator's token of {@link #adminBesideAnonymous()}. */
    public static final String ADMIN_TOKEN = "admin-test-token";

    private Bearer() {}

    /** Adds {@code authorization: Bearer <token>} to every call. */
    public static ClientInterceptor token(String token) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return MetadataUtils.newAttachHeadersInterceptor(headers);
    }

    /**
     * A server that takes anonymous callers, as one without credentials does, and an administrator with
     * {@link #ADMIN_TOKEN} for what only {@code admin} may do; its ports on loopback.
     */
    public static ConfigOverride[] adminBesideAnonymous() {
        return new ConfigOverride[] {
            ConfigOverride.config("auth.adminToken", ADMIN_TOKEN),
            ConfigOverride.config("auth.allowAnonymous", "true"),
            ConfigOverride.config("grpc.host", "127.0.0.1"),
            ConfigOverride.config("server.applicationConnectors[0].bindHost", "127.0.0.1")
        };
    }
}
