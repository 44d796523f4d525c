package dev.productingest.server.testing;

import dev.productingest.server.embedded.EmbeddedRedisServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisNode;
import org.redisson.api.redisnode.RedisNodes;
import org.redisson.config.Config;

/**
 * Redis's own count of the commands it ran ({@code INFO commandstats}), per command: what the server tests and the perf
 * suite count a load's Redis work by.
 */
public final class RedisCommands implements AutoCloseable {
    private final RedissonClient redis;

    public RedisCommands(String url) {
        Config config = new Config();
        // One connection, opened by the first count: a pool growing mid-count would add its own commands.
        config.useSingleServer().setAddress(url).setConnectionMinimumIdleSize(1).setConnectionPoolSize(1);
        this.redis = Redisson.create(config);
    }

    /** Calls per command since Redis started, without the INFO calls of this counter. */
    public Map<String, Long> now() {
        Map<String, Long> calls = new TreeMap<>();
        redis.getRedisNodes(RedisNodes.SINGLE)
                .getInstance()
                .info(RedisNode.InfoSection.COMMANDSTATS)
                .forEach((key, value) -> {
                    String command = key.replace("cmdstat_", "");
                    for (String part : value.split(",")) {
                        if (part.startsWith("calls=") && !command.equals("info")) {
                            calls.put(command, Long.parseLong(part.substring("calls=".length())));
                        }
                    }
                });
        return calls;
    }

    /** How many more times each command ran in {@code after} than in {@code before}. */
    public static Map<String, Long> difference(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> diff = new TreeMap<>();
        after.forEach((command, calls) -> {
            long more = calls - before.getOrDefault(command, 0L);
            if (more > 0) {
                diff.put(command, more);
            }
        });
        return diff;
    }

    /**
     * The value of a string key, or null; read straight from Redis over a socket of its own, not through the server, so
     * that it answers the moment a restarted Redis does.
     */
    public static String get(EmbeddedRedisServer redis, String key) {
        try (Socket socket = new Socket("127.0.0.1", redis.port())) {
            OutputStream out = socket.getOutputStream();
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            send(out, "AUTH", redis.password());
            String auth = in.readLine();
            if (!auth.equals("+OK")) {
                throw new IllegalStateException("Redis refused the password: " + auth);
            }
            send(out, "GET", key);
            String header = in.readLine();
            return header.startsWith("$-1") ? null : in.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void send(OutputStream out, String... command) throws IOException {
        out.write(("*" + command.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String part : command) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            out.write(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.flush();
    }

    @Override
    public void close() {
        redis.shutdown();
    }
}
