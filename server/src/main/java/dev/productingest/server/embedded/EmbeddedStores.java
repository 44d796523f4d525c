package dev.productingest.server.embedded;

/**
 * The zero-install default: a store URL that reads {@code embedded} (config.yml's value of DATABASE_URL and REDIS_URL
 * when they are unset) asks the server to start a store of its own, {@link EmbeddedPostgresServer} or
 * {@link EmbeddedRedisServer}.
 */
public final class EmbeddedStores {
    public static final String URL = "embedded";

    private EmbeddedStores() {}

    /** Whether a configured store URL asks for an embedded store. */
    public static boolean requestedBy(String url) {
        return url != null && URL.equals(url.strip());
    }
}
