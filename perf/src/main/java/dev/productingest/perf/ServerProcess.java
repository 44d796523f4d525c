package dev.productingest.perf;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * The server's runnable jar in its own JVM, as an operator would run it, with its GC log, its peak resident memory and
 * its batch-latency admin task in reach.
 */
public final class ServerProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    private final int grpcPort;
    private final int httpPort;
    private final int adminPort;
    private final Path log;
    private final Path gcLog;

    private ServerProcess(Process process, int grpcPort, int httpPort, int adminPort, Path log, Path gcLog) {
        this.process = process;
        this.log = log;
        this.grpcPort = grpcPort;
        this.httpPort = httpPort;
        this.adminPort = adminPort;
        this.gcLog = gcLog;
    }

    public static ServerProcess start(Path repo, String databaseUrl, String redisUrl, Path log, String heap)
            throws IOException, InterruptedException {
        return start(repo, databaseUrl, redisUrl, log, heap, Map.of());
    }

    /**
     * The server with these environment variables set besides the database and Redis URLs and the ports; a
     * {@code GRPC_PORT} among them fixes the ingest port (a restarted server takes its place).
     */
    public static ServerProcess start(
            Path repo, String databaseUrl, String redisUrl, Path log, String heap, Map<String, String> env)
            throws IOException, InterruptedException {
        Path jar = repo.resolve("server/target/product-ingest-server.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first with mvn -B install -DskipTests");
        }
        int port = env.containsKey("GRPC_PORT") ? Integer.parseInt(env.get("GRPC_PORT")) : freePort();
        int httpPort = freePort();
        int adminPort = freePort();
        Path gcLog = log.resolveSibling(log.getFileName() + ".gc");
        List<String> command = Bench.java(heap, gcLog);
        command.addAll(List.of(
                "-jar", jar.toString(), "server", repo.resolve("config.yml").toString()));
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> variables = new HashMap<>(env);
        variables.put("DATABASE_URL", databaseUrl);
        variables.put("REDIS_URL", redisUrl);
        variables.put("GRPC_PORT", String.valueOf(port));
        variables.put("ADMIN_PORT", String.valueOf(adminPort));
        variables.put("HTTP_PORT", String.valueOf(httpPort));
        pb.environment().putAll(variables);
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        ServerProcess server = new ServerProcess(pb.start(), port, httpPort, adminPort, log, gcLog);
        server.awaitPort(Duration.ofSeconds(60));
        return server;
    }

    /** What the server wrote to standard output and error. */
    public Path log() {
        return log;
    }

    public long pid() {
        return process.pid();
    }

    public int grpcPort() {
        return grpcPort;
    }

    public int adminPort() {
        return adminPort;
    }

    public int httpPort() {
        return httpPort;
    }

    public String target() {
        return "localhost:" + grpcPort;
    }

    /** Batch write latencies since the last call, and a new window from now. */
    public BatchLatency takeBatchLatency() throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + adminPort + "/tasks/batch-latency?reset=true"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("the batch-latency task answered " + response.statusCode() + ": " + response.body());
        }
        return BatchLatency.parse(response.body());
    }

    /** The most resident memory the server's JVM has held (the kernel's VmHWM), in MB. */
    public long peakRssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        throw new IOException("no VmHWM in /proc/" + process.pid() + "/status");
    }

    public GcLog gcLog() throws IOException {
        return GcLog.read(gcLog);
    }

    /** Seconds since the server's process started, the clock of its GC log (which starts a moment later). */
    public double uptimeSeconds() {
        return process.info()
                .startInstant()
                .map(start -> (System.currentTimeMillis() - start.toEpochMilli()) / 1000.0)
                .orElse(0.0);
    }

    /** The collections between two moments of {@link #uptimeSeconds()}. */
    public GcLog gcLog(double fromUptime, double toUptime) throws IOException {
        return GcLog.read(gcLog, fromUptime, toUptime);
    }

    private void awaitPort(Duration timeout) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the server exited with " + process.exitValue() + " before listening");
            }
            try (Socket ignored = new Socket("localhost", grpcPort)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IOException("the server did not listen on port " + grpcPort + " within " + timeout);
    }

    /** Ends the JVM with SIGKILL, as a crash or the kernel's OOM killer would: no shutdown hook runs. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
    }

    /** The JVM's exit status, once it has exited within {@code timeout}; empty while it still runs. */
    public OptionalInt exitStatus(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
                ? OptionalInt.of(process.exitValue())
                : OptionalInt.empty();
    }

    /** A free port, for a server to be started on and restarted on. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /**
     * Sends SIGTERM, as an orchestrator stopping a pod does, and waits for the JVM to exit; past {@code patience} it is
     * killed, as the orchestrator would. Returns how long the JVM took to exit.
     */
    public Duration terminate(Duration patience) throws InterruptedException {
        long started = System.nanoTime();
        process.destroy();
        if (!process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(20, TimeUnit.SECONDS);
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }

    @Override
    public void close() throws InterruptedException {
        terminate(Duration.ofSeconds(20));
    }

    /** What the batch-latency admin task prints: batches written, and percentiles in milliseconds. */
    public record BatchLatency(long batches, double p50Ms, double p99Ms) {
        static BatchLatency parse(String text) {
            Map<String, String> fields = new HashMap<>();
            for (String line : text.split("\n")) {
                String[] kv = line.trim().split(" ", 2);
                if (kv.length == 2) {
                    fields.put(kv[0], kv[1]);
                }
            }
            return new BatchLatency(
                    Long.parseLong(fields.get("batches")),
                    Double.parseDouble(fields.get("p50_ms")),
                    Double.parseDouble(fields.get("p99_ms")));
        }
    }
}
