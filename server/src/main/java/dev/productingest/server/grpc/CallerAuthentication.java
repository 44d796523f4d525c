package dev.productingest.server.grpc;

import dev.productingest.server.auth.Caller;
import dev.productingest.server.auth.Callers;
import dev.productingest.server.auth.Credentials;
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
 * Names the caller of every guarded call before the service sees it: by its bearer token, else by
 * its client certificate under mutual TLS, else as anonymous where the server allows that. A call
 * that names no caller the server knows is refused with UNAUTHENTICATED and never reaches the
 * service. What the caller may do is the service's to decide (its scopes).
 */
final class CallerAuthentication implements ServerInterceptor {
    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final String BEARER = "Bearer ";

    private final Credentials credentials;

    CallerAuthentication(Credentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        Caller caller;
        try {
            caller = authenticate(headers.get(AUTHORIZATION), call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
        } catch (RefusedCall refused) {
            return CallSlot.refuse(call, Status.UNAUTHENTICATED.withDescription(refused.getMessage()));
        }
        return Contexts.interceptCall(Context.current().withValue(Callers.KEY, caller), call, headers, next);
    }

    private Caller authenticate(String authorization, SSLSession tls) throws RefusedCall {
        if (authorization != null) {
            if (!authorization.startsWith(BEARER)) {
                throw new RefusedCall("the authorization header is not a bearer token; send 'authorization: Bearer <token>'"
                        + " (CLI --token, SDK bearerToken(...))");
            }
            return credentials.byToken(authorization.substring(BEARER.length()))
                    .orElseThrow(() -> new RefusedCall("the bearer token is not one of this server's credentials; check --token"));
        }
        Optional<X509Certificate> certificate = clientCertificate(tls);
        if (certificate.isPresent() && credentials.namesCertificates()) {
            return credentials.bySubject(certificate.get().getSubjectX500Principal())
                    .orElseThrow(() -> new RefusedCall("the client certificate's subject is not one of this server's credentials"));
        }
        if (credentials.allowsAnonymous()) {
            return Caller.anonymous();
        }
        throw new RefusedCall("this server needs a credential: a bearer token (CLI --token, SDK bearerToken(...))"
                + (credentials.namesCertificates() ? " or a client certificate it knows" : ""));
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

    /** A call refused for its credential; the message says what the caller can do. */
    private static final class RefusedCall extends Exception {
        RefusedCall(String message) {
            super(message, null, false, false);
        }
    }
}
