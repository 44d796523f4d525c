package dev.productingest.perf;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The server's runnable jar in its own JVM, as an operator would run it. */
public final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final int grpcPort;
    private final int httpPort;

    private ServerProcess(Process process, int grpcPort, int httpPort) {
        this.process = process;
        this.grpcPort = grpcPort;
        this.httpPort = httpPort;
    }

    public int httpPort() {
        return httpPort;
    }

    public static ServerProcess start(Path repo, String databaseUrl, String redisUrl, Path log, String heap)
            throws IOException, InterruptedException {
        return start(repo, databaseUrl, redisUrl, log, heap, Map.of());
    }

    /** The server with these environment variables set besides the database and Redis URLs and the ports. */
    public static ServerProcess start(Path repo, String databaseUrl, String redisUrl, Path log, String heap, Map<String, String> env)
            throws IOException, InterruptedException {
        int port = freePort();
        int httpPort = freePort();
        ProcessBuilder pb = new ProcessBuilder(List.of("java", "-Xmx" + heap, "-jar",
                repo.resolve("server/target/product-ingest-server.jar").toString(), "server", repo.resolve("config.yml").toString()));
        pb.environment().putAll(env);
        pb.environment().put("DATABASE_URL", databaseUrl);
        pb.environment().put("REDIS_URL", redisUrl);
        pb.environment().put("GRPC_PORT", String.valueOf(port));
        pb.environment().put("ADMIN_PORT", "0");
        pb.environment().put("HTTP_PORT", String.valueOf(httpPort));
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        ServerProcess server = new ServerProcess(pb.start(), port, httpPort);
        server.awaitPort(Duration.ofSeconds(60));
        return server;
    }

    public int grpcPort() {
        return grpcPort;
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

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
