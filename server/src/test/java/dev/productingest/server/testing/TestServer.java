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
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The whole application on ephemeral ports over a test database, with a plaintext gRPC channel to it and a Jdbi handle
 * for checking the tables. As a JUnit extension ({@link #perClass()}), one server serves a test class and every test
 * starts with empty tables.
 */
public final class TestServer implements AutoCloseable, BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
    private final ConfigOverride[] overrides;
    // YAML added to the test configuration: sections an override cannot write, such as a list of credentials.
    private String extraConfig = "";
    // A server started beside another shares its database, known once that one has opened.
    private final TestServer beside;
    // How the server reaches its database (through a proxy, say); the tests' own handle goes direct.
    private UnaryOperator<String> route = UnaryOperator.identity();
    // Not a ConfigOverride beside the tests' own: Dropwizard keeps overrides in a set, so of two for one key either may
    // win.
    private Supplier<String> redisUrl = () -> TestRedis.server().url();
    private String databaseUrl;
    private DropwizardTestSupport<ProductIngestConfiguration> app;
    // The dw.* system properties as this server found them. Dropwizard puts back what each override
    // found when it was applied: an override shared by two servers finds the other's value, and would
    // leave it behind for every later test of the JVM.
    private Map<String, String> overridesFound;
    private ManagedChannel channel;

    private TestServer(String databaseUrl, TestServer beside, ConfigOverride... overrides) {
        this.databaseUrl = databaseUrl;
        this.beside = beside;
        this.overrides = overrides;
    }

    TestServer open() throws Exception {
        if (databaseUrl == null) {
            databaseUrl = beside != null ? beside.databaseUrl : TestDatabase.createDatabase();
        }
        List<ConfigOverride> all = new ArrayList<>(List.of(
                ConfigOverride.config("database.url", route.apply(databaseUrl)),
                ConfigOverride.config("database.user", "postgres"),
                ConfigOverride.config("redis.url", redisUrl.get()),
                // Servers over the same database share a namespace, as the instances of one deployment do.
                ConfigOverride.config("redis.namespace", namespace())));
        all.addAll(List.of(overrides));
        overridesFound = overrideProperties();
        app = new DropwizardTestSupport<>(
                ProductIngestApplication.class, configFile(extraConfig), all.toArray(ConfigOverride[]::new));
        app.before();
        channel = NettyChannelBuilder.forAddress("localhost", grpcPort())
                .usePlaintext()
                .build();
        return this;
    }

    /** This server's Redis namespace: the same for every server over its database. */
    public String namespace() {
        return "test-" + databaseUrl.substring(databaseUrl.lastIndexOf('/') + 1).replaceAll("[?].*", "");
    }

    /** For {@code @RegisterExtension static}: a server over a new database for the test class. */
    public static TestServer perClass(ConfigOverride... overrides) {
        return new TestServer(null, null, overrides);
    }

    /**
     * For {@code @RegisterExtension static}: a server over a new database, with these YAML sections added to its
     * configuration.
     */
    public static TestServer perClassWith(String extraConfig, ConfigOverride... overrides) {
        TestServer server = new TestServer(null, null, overrides);
        server.extraConfig = extraConfig;
        return server;
    }

    /**
     * For {@code @RegisterExtension static}: a server over a new database that it reaches through {@code proxy}, so
     * that a test can silence its connections.
     */
    public static TestServer perClassThrough(TcpProxy proxy, ConfigOverride... overrides) {
        TestServer server = new TestServer(null, null, overrides);
        String direct = ":" + TestDatabase.server().port() + "/";
        server.route = url -> url.replace(direct, ":" + proxy.port() + "/");
        return server;
    }

    /** Over the Redis at {@code url} (known once the test's Redis has started) instead of the shared embedded one. */
    TestServer redisAt(Supplier<String> url) {
        this.redisUrl = url;
        return this;
    }

    /** A server over the database of {@code other}, to be opened after it. */
    static TestServer beside(TestServer other, ConfigOverride... overrides) {
        return new TestServer(null, other, overrides);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        open();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        jdbi().useHandle(h -> h.execute("TRUNCATE products, ingest_jobs, ingest_rejects, snapshot_skus"));
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        close();
    }

    /** The test configuration as a file: other modules read it from inside this module's test jar. */
    private static String configFile(String extraConfig) throws IOException {
        Path file = Files.createTempFile("product-ingest-test-config", ".yml");
        file.toFile().deleteOnExit();
        try (InputStream in = TestServer.class.getResourceAsStream("/test-config.yml")) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.writeString(file, "\n" + extraConfig, StandardOpenOption.APPEND);
        return file.toString();
    }

    /** A server over a new, empty database, with these YAML sections added to its configuration. */
    public static TestServer startWith(String extraConfig, ConfigOverride... overrides) throws Exception {
        TestServer server = new TestServer(null, null, overrides);
        server.extraConfig = extraConfig;
        return server.open();
    }

    /** A server over a new, empty database. */
    public static TestServer start(ConfigOverride... overrides) throws Exception {
        return new TestServer(null, null, overrides).open();
    }

    /** Another server over the same database, as a second instance or a restart would be. */
    public TestServer startAnother(ConfigOverride... overrides) throws Exception {
        return new TestServer(databaseUrl, null, overrides).open();
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

    public int httpPort() {
        return app.getLocalPort();
    }

    /** The application's REST base URL. */
    public String http() {
        return "http://localhost:" + httpPort();
    }

    /**
     * Waits until the server holds this many Ingest streams (its {@code ingest.streams.admitted} gauge): calls from
     * other connections reach it asynchronously.
     */
    public void awaitAdmittedStreams(int streams) {
        Conditions.await(
                "the server admits " + streams + " streams",
                () -> Rest.ok("http://localhost:" + adminPort() + "/metrics")
                                .get("gauges")
                                .get("ingest.streams.admitted")
                                .get("value")
                                .asLong()
                        >= streams);
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

    /** A stub whose calls carry {@code authorization: Bearer <token>}. */
    public ProductIngestGrpc.ProductIngestStub asyncStub(String token) {
        return asyncStub().withInterceptors(Bearer.token(token));
    }

    /** A stub whose calls carry {@code authorization: Bearer <token>}. */
    public ProductIngestGrpc.ProductIngestBlockingStub blockingStub(String token) {
        return blockingStub().withInterceptors(Bearer.token(token));
    }

    /** The web server of both HTTP ports, as the application built it (its request log, its handlers). */
    public org.eclipse.jetty.server.Server jetty() {
        return app.getEnvironment().getApplicationContext().getServer();
    }

    public String databaseUrl() {
        return databaseUrl;
    }

    public Jdbi jdbi() {
        return Jdbi.create(databaseUrl);
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        app.after();
        overrideProperties().keySet().forEach(System::clearProperty);
        overridesFound.forEach(System::setProperty);
    }

    private static Map<String, String> overrideProperties() {
        Map<String, String> found = new HashMap<>();
        System.getProperties().stringPropertyNames().stream()
                .filter(name -> name.startsWith("dw."))
                .forEach(name -> found.put(name, System.getProperty(name)));
        return found;
    }
}
