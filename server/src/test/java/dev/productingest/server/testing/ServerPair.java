package dev.productingest.server.testing;

import io.dropwizard.testing.ConfigOverride;
import java.util.Arrays;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Two servers over one database and one Redis, as two instances of a deployment ({@code ingest.instanceId} "server-a"
 * and "server-b"), for a test class: {@code @RegisterExtension static final ServerPair servers =
 * ServerPair.perClass();}. Every test starts with empty tables.
 */
public final class ServerPair implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
    private final TestServer a;
    private final TestServer b;

    private ServerPair(ConfigOverride... overrides) {
        this.a = TestServer.perClass(with(overrides, "server-a"));
        this.b = TestServer.beside(a, with(overrides, "server-b"));
    }

    /** @param overrides for both servers */
    public static ServerPair perClass(ConfigOverride... overrides) {
        return new ServerPair(overrides);
    }

    /** Both servers over the Redis at {@code redisUrl} (read when they start) instead of the shared embedded one. */
    public static ServerPair perClassOver(Supplier<String> redisUrl, ConfigOverride... overrides) {
        ServerPair pair = new ServerPair(overrides);
        pair.a.redisAt(redisUrl);
        pair.b.redisAt(redisUrl);
        return pair;
    }

    public TestServer a() {
        return a;
    }

    public TestServer b() {
        return b;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        a.beforeAll(context);
        b.open();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        a.beforeEach(context);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            b.close();
        } finally {
            a.afterAll(context);
        }
    }

    private static ConfigOverride[] with(ConfigOverride[] overrides, String instanceId) {
        ConfigOverride[] all = Arrays.copyOf(overrides, overrides.length + 1);
        all[overrides.length] = ConfigOverride.config("ingest.instanceId", instanceId);
        return all;
    }
}
