package dev.productingest.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.x500.X500Principal;

/**
 * The credentials a server accepts: bearer tokens, known only by their SHA-256 hashes, and
 * client-certificate subjects under mutual TLS, each naming a {@link Caller}. Callers without
 * either are taken, as {@link Caller#anonymous()}, only when no credential is configured (the
 * server then listens on loopback) or when anonymous callers are allowed explicitly.
 */
public final class Credentials {
    private final List<TokenHash> tokens;
    private final Map<String, Caller> subjects;
    private final boolean allowAnonymous;

    private record TokenHash(byte[] sha256, Caller caller) {
    }

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

    /** The caller this token names, if it is one of this server's. */
    public Optional<Caller> byToken(String token) {
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
    public Optional<Caller> bySubject(X500Principal subject) {
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

        private Builder() {
        }

        /**
         * A credential: its name (the owner of its jobs), its scopes, the hashes of its tokens (several while one is
         * replaced by another) and a client certificate subject, either may be empty but not both.
         */
        public Builder add(String name, Set<Scope> scopes, List<String> tokenSha256, String certificateSubject) {
            if (names.containsKey(name)) {
                throw new IllegalArgumentException("credential '" + name + "' is configured twice; give each credential its own name");
            }
            boolean hasSubject = certificateSubject != null && !certificateSubject.isBlank();
            if (tokenSha256.isEmpty() && !hasSubject) {
                throw new IllegalArgumentException("credential '" + name + "' has neither a tokenSha256 nor a certificateSubject");
            }
            if (scopes.isEmpty()) {
                throw new IllegalArgumentException("credential '" + name + "' has no scopes; give it read, ingest, snapshot or admin");
            }
            Caller caller = new Caller(name, scopes);
            names.put(name, scopes);
            for (String hash : tokenSha256) {
                byte[] sha256 = sha256Of(name, hash);
                if (tokens.stream().anyMatch(t -> MessageDigest.isEqual(t.sha256(), sha256))) {
                    throw new IllegalArgumentException("credential '" + name + "' has a token another credential has too");
                }
                tokens.add(new TokenHash(sha256, caller));
            }
            if (hasSubject) {
                String subject = canonical(new X500Principal(certificateSubject));
                if (subjects.putIfAbsent(subject, caller) != null) {
                    throw new IllegalArgumentException("certificate subject '" + certificateSubject + "' names two credentials");
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

        /** A credential from plain tokens (the environment's shortcuts), hashed here and kept only as hashes. */
        public Builder addTokens(String name, Set<Scope> scopes, List<String> tokens) {
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
