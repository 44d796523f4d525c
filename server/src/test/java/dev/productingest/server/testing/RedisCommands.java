package dev.productingest.server.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Redis's own count of the commands it ran ({@code INFO commandstats}), read over a plain socket. */
public final class RedisCommands {
    private static final Pattern STAT = Pattern.compile("cmdstat_([a-z|_-]+):calls=(\\d+)");

    private RedisCommands() {
    }

    /** Calls per command name since Redis started. */
    public static Map<String, Long> counts(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write("INFO commandstats\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String sizeLine = in.readLine();
            int size = Integer.parseInt(sizeLine.substring(1));
            char[] body = new char[size];
            int read = 0;
            while (read < size) {
                int n = in.read(body, read, size - read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
            Map<String, Long> counts = new HashMap<>();
            Matcher m = STAT.matcher(new String(body, 0, read));
            while (m.find()) {
                counts.put(m.group(1), Long.parseLong(m.group(2)));
            }
            return counts;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value of a string key, or null; read straight from Redis, not through the server. */
    public static String get(int port, String key) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            byte[] k = key.getBytes(StandardCharsets.UTF_8);
            out.write(("*2\r\n$3\r\nGET\r\n$" + k.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(k);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String header = in.readLine();
            return header.startsWith("$-1") ? null : in.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many more times each command ran in {@code after} than in {@code before}. */
    public static Map<String, Long> difference(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> diff = new HashMap<>();
        after.forEach((command, calls) -> {
            long more = calls - before.getOrDefault(command, 0L);
            if (more > 0) {
                diff.put(command, more);
            }
        });
        return diff;
    }
}
