package dev.productingest.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.x500.X500Principal;

/**
 * The credentials a server accepts: bearer tokens, known only by their SHA-256 hashes, and client-certificate subjects
 * under mutual TLS, each naming a {@link Caller}. Callers without either are taken, as {@link Caller#anonymous()}, only
 * when no credential is configured (the server then listens on loopback) or when anonymous callers are allowed
 * explicitly.
 */
public final class Credentials {
    /** The fewest characters a token from the environment may have. */
    public static final int MIN_TOKEN_LENGTH = 16;

    private final List<TokenHash> tokens;
    private final Map<String, Caller> subjects;
    private final boolean allowAnonymous;

    private record TokenHash(byte[] sha256, Caller caller) {}

    private Credentials(List<TokenHash> tokens, Map<String, Caller> subjects, boolean allowAnonymous) {
        this.tokens = List.copyOf(tokens);
        this.subjects = Map.copyOf(subjects);
        this.allowAnonymous = allowAnonymous;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** No credential at all: every caller is anonymous. */
    public static Credentials none() {
        return builder().build();
    }

    /**
     * The caller a request names, by the one rule the gRPC and application ports share: the token of its
     * {@code Authorization} header (a bearer token; HTTP Basic's password too where {@code basicAllowed}, as a browser
     * sends it), else its client certificate under mutual TLS, else an anonymous caller where this server takes them;
     * empty when it names no caller.
     *
     * @param authorization the header, or null
     * @param certificate the client certificate the TLS handshake verified, or null
     * @throws UnknownCredentialException when it presents a token or certificate this server does not know
     */
    public Optional<Caller> authenticate(String authorization, boolean basicAllowed, X509Certificate certificate)
            throws UnknownCredentialException {
        if (authorization != null) {
            String token = AuthorizationHeader.token(authorization, basicAllowed)
                    .orElseThrow(() -> new UnknownCredentialException(
                            "the authorization header is not a bearer token; send 'Authorization: Bearer <token>'"));
            return Optional.of(byToken(token)
                    .orElseThrow(() -> new UnknownCredentialException(
                            "the token is not one of this server's credentials; check it (CLI --token)")));
        }
        if (certificate != null && namesCertificates()) {
            return Optional.of(bySubject(certificate.getSubjectX500Principal())
                    .orElseThrow(() -> new UnknownCredentialException(
                            "the client certificate's subject is not one of this server's credentials")));
        }
        return allowsAnonymous() ? Optional.of(anonymousCaller()) : Optional.empty();
    }

    /**
     * A caller without a credential: with no credential configured (a server on loopback, one user's) it loads and
     * reads every job; beside credentials it loads and reads its own jobs only. Never admin.
     */
    Caller anonymousCaller() {
        return isEmpty() ? Caller.anonymous() : new Caller(Caller.ANONYMOUS, EnumSet.of(Scope.INGEST, Scope.SNAPSHOT));
    }

    /** The caller this token names, if it is one of this server's. */
    Optional<Caller> byToken(String token) {
        byte[] presented = sha256(token);
        Caller found = null;
        // Every hash is compared, each in constant time: the answer's timing says nothing of which one, or how close.
        for (TokenHash known : tokens) {
            if (MessageDigest.isEqual(known.sha256(), presented)) {
                found = known.caller();
            }
        }
        return Optional.ofNullable(found);
    }

    /** The caller a client certificate with this subject is, if its subject is one of this server's credentials. */
    Optional<Caller> bySubject(X500Principal subject) {
        return Optional.ofNullable(subjects.get(canonical(subject)));
    }

    /** Whether calls without a credential are taken. */
    public boolean allowsAnonymous() {
        return allowAnonymous || isEmpty();
    }

    /** Whether anonymous calls were allowed explicitly, beside or instead of credentials. */
    public boolean anonymousAllowedExplicitly() {
        return allowAnonymous;
    }

    public boolean isEmpty() {
        return tokens.isEmpty() && subjects.isEmpty();
    }

    /** Whether any credential is a client certificate's subject. */
    public boolean namesCertificates() {
        return !subjects.isEmpty();
    }

    /** A token's SHA-256 hash as configuration files hold it: 64 lower-case hexadecimal digits. */
    public static String hashOf(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static String canonical(X500Principal subject) {
        return subject.getName(X500Principal.CANONICAL);
    }

    /** Collects credentials; refuses a name given twice and a token or subject that names two callers. */
    public static final class Builder {
        private final List<TokenHash> tokens = new ArrayList<>();
        private final Map<String, Caller> subjects = new HashMap<>();
        private final Map<String, Set<Scope>> names = new HashMap<>();
        private boolean allowAnonymous;

        private Builder() {}

        /**
         * A credential: its name (the owner of its jobs), its scopes, the hashes of its tokens (several while one is
         * replaced by another) and a client certificate subject, either may be empty but not both.
         */
        public Builder add(String name, Set<Scope> scopes, List<String> tokenSha256, String certificateSubject) {
            if (names.containsKey(name)) {
                throw new IllegalArgumentException(
                        "credential '" + name + "' is configured twice; give each credential its own name");
            }
            if (Caller.ANONYMOUS.equals(name)) {
                throw new IllegalArgumentException("credential name '" + name
                        + "' is the name of callers without a credential;" + " choose another");
            }
            boolean hasSubject = certificateSubject != null && !certificateSubject.isBlank();
            if (tokenSha256.isEmpty() && !hasSubject) {
                throw new IllegalArgumentException(
                        "credential '" + name + "' has neither a tokenSha256 nor a certificateSubject");
            }
            if (scopes.isEmpty()) {
                throw new IllegalArgumentException(
                        "credential '" + name + "' has no scopes; give it read, ingest, snapshot or admin");
            }
            Caller caller = new Caller(name, scopes);
            names.put(name, scopes);
            for (String hash : tokenSha256) {
                byte[] sha256 = sha256Of(name, hash);
                if (tokens.stream().anyMatch(t -> MessageDigest.isEqual(t.sha256(), sha256))) {
                    throw new IllegalArgumentException(
                            "credential '" + name + "' has a token another credential has too");
                }
                tokens.add(new TokenHash(sha256, caller));
            }
            if (hasSubject) {
                String subject = canonical(new X500Principal(certificateSubject));
                if (subjects.putIfAbsent(subject, caller) != null) {
                    throw new IllegalArgumentException(
                            "certificate subject '" + certificateSubject + "' names two credentials");
                }
            }
            return this;
        }

        private static byte[] sha256Of(String name, String hex) {
            String digits = hex.strip().toLowerCase(Locale.ROOT);
            if (!digits.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("credential '" + name + "': a tokenSha256 is 64 hexadecimal digits"
                        + " (printf %s \"$TOKEN\" | sha256sum)");
            }
            return HexFormat.of().parseHex(digits);
        }

        /**
         * A credential from plain tokens (the environment's shortcuts), hashed here and kept only as hashes; a token
         * shorter than {@link #MIN_TOKEN_LENGTH} is refused, as one that could be guessed.
         */
        public Builder addTokens(String name, Set<Scope> scopes, List<String> tokens) {
            for (String token : tokens) {
                if (token.length() < MIN_TOKEN_LENGTH) {
                    throw new IllegalArgumentException("the token of credential '" + name + "' has " + token.length()
                            + " characters; use at least " + MIN_TOKEN_LENGTH
                            + ", such as 32 random bytes: openssl rand -hex 32");
                }
            }
            return add(name, scopes, tokens.stream().map(Credentials::hashOf).toList(), null);
        }

        public Builder allowAnonymous(boolean allow) {
            this.allowAnonymous = allow;
            return this;
        }

        public Credentials build() {
            return new Credentials(tokens, subjects, allowAnonymous);
        }
    }
}
