package dev.productingest.server.grpc;

import dev.productingest.server.auth.Caller;
import dev.productingest.server.auth.Callers;
import dev.productingest.server.auth.Credentials;
import dev.productingest.server.auth.UnknownCredentialException;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Names the caller of every guarded call before the service sees it, by the rule {@link Credentials#authenticate} holds
 * for both ports. A call that names no caller the server knows is refused with UNAUTHENTICATED and never reaches the
 * service. What the caller may do is the service's to decide (its scopes).
 */
final class CallerAuthentication implements ServerInterceptor {
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final Credentials credentials;

    CallerAuthentication(Credentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        Optional<Caller> caller;
        try {
            caller = credentials.authenticate(
                    headers.get(AUTHORIZATION),
                    false,
                    clientCertificate(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION))
                            .orElse(null));
        } catch (UnknownCredentialException unknown) {
            return Refusal.of(call, Status.UNAUTHENTICATED.withDescription(unknown.getMessage()));
        }
        if (caller.isEmpty()) {
            return Refusal.of(
                    call,
                    Status.UNAUTHENTICATED.withDescription(
                            "this server needs a credential: a bearer token" + " (CLI --token, SDK bearerToken(...))"
                                    + (credentials.namesCertificates() ? " or a client certificate it knows" : "")));
        }
        return Contexts.interceptCall(Context.current().withValue(Callers.KEY, caller.get()), call, headers, next);
    }

    private static Optional<X509Certificate> clientCertificate(SSLSession tls) {
        if (tls == null) {
            return Optional.empty();
        }
        try {
            Certificate[] chain = tls.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate leaf ? Optional.of(leaf) : Optional.empty();
        } catch (SSLPeerUnverifiedException noCertificate) {
            return Optional.empty();
        }
    }
}
