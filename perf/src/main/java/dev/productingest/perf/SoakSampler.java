package dev.productingest.perf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.productingest.server.embedded.EmbeddedRedisServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Samples the server every interval: its heap right after a full collection (the admin port's {@code gc} task, then the
 * {@code jvm.memory.heap.used} gauge: what is live, not what garbage has yet to be collected), its threads and open
 * file descriptors (from /proc), its sessions in PostgreSQL ({@code pg_stat_activity}, by the application name its
 * database URL gives) and its connections to Redis ({@code connected_clients}, less this sampler's own).
 */
final class SoakSampler implements AutoCloseable {
    /** The application name the soak's server gives its database sessions, to tell them from the soak's own. */
    static final String APPLICATION_NAME = "product-ingest-soak";

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServerProcess server;
    private final String databaseUrl;
    private final EmbeddedRedisServer redis;
    private final List<SoakSample> samples = new ArrayList<>();
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "soak-sampler"));
    private final long started = System.nanoTime();

    private SoakSampler(ServerProcess server, String databaseUrl, EmbeddedRedisServer redis) {
        this.server = server;
        this.databaseUrl = databaseUrl;
        this.redis = redis;
    }

    /** Samples now and every {@code interval} until closed. */
    static SoakSampler start(ServerProcess server, String databaseUrl, EmbeddedRedisServer redis, Duration interval) {
        SoakSampler sampler = new SoakSampler(server, databaseUrl, redis);
        sampler.timer.scheduleAtFixedRate(sampler::sample, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return sampler;
    }

    /** The database URL the soak's server connects with: its sessions carry {@link #APPLICATION_NAME}. */
    static String tagged(String databaseUrl) {
        return databaseUrl + (databaseUrl.contains("?") ? "&" : "?") + "ApplicationName=" + APPLICATION_NAME;
    }

    synchronized List<SoakSample> samples() {
        return List.copyOf(samples);
    }

    private void sample() {
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<SoakFigure, Double> values = new EnumMap<>(SoakFigure.class);
        values.put(SoakFigure.HEAP, read(this::heapAfterCollectionMb));
        values.put(SoakFigure.THREADS, read(this::threads));
        values.put(SoakFigure.FILE_DESCRIPTORS, read(this::fileDescriptors));
        values.put(SoakFigure.DATABASE_CONNECTIONS, read(this::databaseConnections));
        values.put(SoakFigure.REDIS_CONNECTIONS, read(this::redisConnections));
        Map<String, Integer> names;
        try {
            names = threadNames();
        } catch (Exception unreadable) {
            names = Map.of();
        }
        SoakSample sample = new SoakSample(seconds, values, names);
        Bench.log("soak sample: %.0f s %s", seconds, values);
        synchronized (this) {
            samples.add(sample);
        }
    }

    private interface Figure {
        double read() throws Exception;
    }

    private static double read(Figure figure) {
        try {
            return figure.read();
        } catch (Exception unreadable) {
            return Double.NaN;
        }
    }

    private double heapAfterCollectionMb() throws Exception {
        String admin = "http://127.0.0.1:" + server.adminPort();
        HttpResponse<String> gc = HTTP.send(
                HttpRequest.newBuilder(URI.create(admin + "/tasks/gc"))
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (gc.statusCode() != 200) {
            throw new IOException("the gc task answered " + gc.statusCode());
        }
        HttpResponse<String> metrics = HTTP.send(
                HttpRequest.newBuilder(URI.create(admin + "/metrics"))
                        .timeout(Duration.ofSeconds(30))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode used = JSON.readTree(metrics.body())
                .path("gauges")
                .path("jvm.memory.heap.used")
                .path("value");
        if (!used.isNumber()) {
            throw new IOException("no jvm.memory.heap.used gauge in the metrics");
        }
        return used.asDouble() / (1024 * 1024);
    }

    /** The admin port's thread dump, counted by thread name with digits left out. */
    private Map<String, Integer> threadNames() throws Exception {
        HttpResponse<String> dump = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.adminPort() + "/threads"))
                        .timeout(Duration.ofSeconds(30))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Map<String, Integer> names = new TreeMap<>();
        for (String line : dump.body().split("\n")) {
            // Each thread's entry begins with its name in quotes: "name" id=12 state=RUNNABLE
            if (line.startsWith("\"") && line.indexOf('"', 1) > 0) {
                // Jetty names a thread after the request it serves: "dw-42 - GET /stats" is one of dw-#.
                String name = line.substring(1, line.indexOf('"', 1)).replaceAll(" - .*", "");
                names.merge(name.replaceAll("\\d+", "#"), 1, Integer::sum);
            }
        }
        return names;
    }

    private double threads() throws IOException {
        for (String line : Files.readAllLines(proc().resolve("status"))) {
            if (line.startsWith("Threads:")) {
                return Double.parseDouble(line.substring("Threads:".length()).trim());
            }
        }
        throw new IOException("no Threads line in " + proc().resolve("status"));
    }

    private double fileDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(proc().resolve("fd"))) {
            return fds.count();
        }
    }

    private Path proc() {
        return Path.of("/proc", String.valueOf(server.pid()));
    }

    private double databaseConnections() throws Exception {
        try (Connection c = DriverManager.getConnection(databaseUrl);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + APPLICATION_NAME + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private double redisConnections() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", redis.port())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            send(out, "AUTH", redis.password());
            String auth = in.readLine();
            if (!"+OK".equals(auth)) {
                throw new IOException("Redis refused the password");
            }
            send(out, "INFO", "clients");
            String header = in.readLine();
            int length = Integer.parseInt(header.substring(1));
            char[] body = new char[length];
            int read = 0;
            while (read < length) {
                int n = in.read(body, read, length - read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
            for (String line : new String(body, 0, read).split("\r\n")) {
                if (line.startsWith("connected_clients:")) {
                    // This sampler's own connection is one of them.
                    return Double.parseDouble(line.substring("connected_clients:".length())) - 1;
                }
            }
            throw new IOException("no connected_clients in INFO clients");
        }
    }

    private static void send(OutputStream out, String... command) throws IOException {
        StringBuilder text = new StringBuilder("*" + command.length + "\r\n");
        for (String part : command) {
            text.append('$')
                    .append(part.getBytes(StandardCharsets.UTF_8).length)
                    .append("\r\n")
                    .append(part)
                    .append("\r\n");
        }
        out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws InterruptedException {
        timer.shutdown();
        if (!timer.awaitTermination(60, TimeUnit.SECONDS)) {
            timer.shutdownNow();
        }
    }
}
