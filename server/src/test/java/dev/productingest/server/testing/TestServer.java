package dev.productingest.server.testing;

import dev.productingest.server.ProductIngestApplication;
import dev.productingest.server.ProductIngestConfiguration;
import dev.productingest.v1.ProductIngestGrpc;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;

/**
 * The whole application on ephemeral ports over a test database, with a plaintext gRPC channel to
 * it and a Jdbi handle for checking the tables.
 */
public final class TestServer implements AutoCloseable {
    private final String databaseUrl;
    private final DropwizardTestSupport<ProductIngestConfiguration> app;
    private final ManagedChannel channel;

    private TestServer(String databaseUrl, ConfigOverride... overrides) throws Exception {
        this.databaseUrl = databaseUrl;
        List<ConfigOverride> all = new ArrayList<>(List.of(
                ConfigOverride.config("database.url", databaseUrl),
                ConfigOverride.config("database.user", "postgres")));
        all.addAll(List.of(overrides));
        this.app = new DropwizardTestSupport<>(ProductIngestApplication.class,
                configFile(), all.toArray(ConfigOverride[]::new));
        app.before();
        this.channel = NettyChannelBuilder.forAddress("localhost", grpcPort()).usePlaintext().build();
    }

    /** The test configuration as a file: other modules read it from inside this module's test jar. */
    private static String configFile() throws IOException {
        Path file = Files.createTempFile("product-ingest-test-config", ".yml");
        file.toFile().deleteOnExit();
        try (InputStream in = TestServer.class.getResourceAsStream("/test-config.yml")) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return file.toString();
    }

    /** A server over a new, empty database. */
    public static TestServer start(ConfigOverride... overrides) throws Exception {
        return new TestServer(TestDatabase.createDatabase(), overrides);
    }

    /** Another server over the same database, as a second instance or a restart would be. */
    public TestServer startAnother(ConfigOverride... overrides) throws Exception {
        return new TestServer(databaseUrl, overrides);
    }

    public int grpcPort() {
        return ((ProductIngestApplication) app.getApplication()).grpcPort();
    }

    public String target() {
        return "localhost:" + grpcPort();
    }

    public int adminPort() {
        return app.getAdminPort();
    }

    public ManagedChannel channel() {
        return channel;
    }

    public ProductIngestGrpc.ProductIngestStub asyncStub() {
        return ProductIngestGrpc.newStub(channel);
    }

    public ProductIngestGrpc.ProductIngestBlockingStub blockingStub() {
        return ProductIngestGrpc.newBlockingStub(channel);
    }

    public String databaseUrl() {
        return databaseUrl;
    }

    public Jdbi jdbi() {
        return Jdbi.create(databaseUrl, "postgres", "");
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        app.after();
    }
}
