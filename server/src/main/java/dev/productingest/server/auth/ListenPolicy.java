package dev.productingest.server.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where a port that serves callers may listen. Beyond loopback only when the server can tell callers apart (a
 * credential is configured) or anonymous callers are allowed explicitly: an unconfigured server is reachable from its
 * own host alone.
 */
public final class ListenPolicy {
    /** Loopback, where a server without credentials listens unless told otherwise. */
    public static final String LOOPBACK = "127.0.0.1";

    private final Credentials credentials;

    public ListenPolicy(Credentials credentials) {
        this.credentials = credentials;
    }

    /** Whether ports listen on loopback alone unless a host is configured. */
    public boolean loopbackOnly() {
        return credentials.isEmpty() && !credentials.anonymousAllowedExplicitly();
    }

    /**
     * The address to bind: the configured host, else loopback or every interface (null) as the credentials allow.
     *
     * @param setting the configuration key that sets the host, for the error
     * @throws IllegalStateException when the host is beyond loopback and nothing allows that
     */
    public String host(String configured, String setting) {
        if (configured == null || configured.isBlank()) {
            return loopbackOnly() ? LOOPBACK : null;
        }
        if (loopbackOnly() && !isLoopback(configured.strip())) {
            throw new IllegalStateException(
                    setting + " is " + configured.strip() + ", beyond loopback, but no credential is"
                            + " configured: set INGEST_TOKEN / READ_TOKEN or auth.credentials (docs/security.md), or allow anyone"
                            + " who reaches the port with auth.allowAnonymous: true");
        }
        return configured.strip();
    }

    /**
     * The address a privileged port (the admin port: tasks, metrics, thread dumps, and no credential) binds: the
     * configured host, else loopback, whatever credentials exist.
     */
    public static String privilegedHost(String configured) {
        return configured == null || configured.isBlank() ? LOOPBACK : configured.strip();
    }

    /** Whether every address the host names is a loopback address. */
    public static boolean isLoopback(String host) {
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            throw new IllegalStateException("host '" + host + "' cannot be resolved", e);
        }
    }
}
