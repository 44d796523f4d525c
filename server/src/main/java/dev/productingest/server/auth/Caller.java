package dev.productingest.server.auth;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Who makes a call: the name of the credential it carried (the owner of the jobs it opens) and its scopes. The rules
 * that depend on a job's owner live here, so gRPC and REST apply the same.
 */
public record Caller(String name, Set<Scope> scopes) {
    /** The owner of jobs opened without a credential, where the server takes such callers. */
    public static final String ANONYMOUS = "anonymous";

    public Caller {
        scopes = Collections.unmodifiableSet(scopes.isEmpty() ? EnumSet.noneOf(Scope.class) : EnumSet.copyOf(scopes));
    }

    /** A caller without a credential: loads and reads, but never what needs {@code admin}. */
    public static Caller anonymous() {
        return new Caller(ANONYMOUS, EnumSet.of(Scope.READ, Scope.INGEST, Scope.SNAPSHOT));
    }

    public boolean has(Scope scope) {
        return scopes.contains(scope);
    }

    /** Every job with {@code read}; a producer ({@code ingest}) its own. */
    public boolean mayRead(String jobOwner) {
        return has(Scope.READ) || ownsWith(Scope.INGEST, jobOwner);
    }

    /** Any job with {@code admin}; a producer ({@code ingest}) its own. */
    public boolean mayCancel(String jobOwner) {
        return has(Scope.ADMIN) || ownsWith(Scope.INGEST, jobOwner);
    }

    private boolean ownsWith(Scope scope, String jobOwner) {
        return has(scope) && name.equals(jobOwner);
    }
}
