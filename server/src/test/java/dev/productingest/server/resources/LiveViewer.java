package dev.productingest.server.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/** A reader of {@code /live/jobs} that takes every event as it comes, noting when each job change arrived. */
final class LiveViewer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** One {@code job} event: the job's committed offset, when the server committed it, and when it arrived here. */
    record Change(String jobId, long committedOffset, Instant committedAt, Instant arrivedAt) {
        Duration delay() {
            return Duration.between(committedAt, arrivedAt);
        }
    }

    private final Socket socket;
    private final List<Change> changes = new CopyOnWriteArrayList<>();
    private final Map<String, Long> offsets = new ConcurrentHashMap<>();
    private final AtomicLong bytes = new AtomicLong();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();

    private LiveViewer(Socket socket) {
        this.socket = socket;
        Thread reader = new Thread(this::read, "live-viewer");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Opens the feed over a socket of its own, as a browser's EventSource does (closing it ends the connection at
     * once); fails unless the server admits the viewer.
     */
    static LiveViewer open(int port) {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress("localhost", port));
            socket.getOutputStream()
                    .write(("GET /live/jobs HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            String status = line(socket.getInputStream());
            if (!status.startsWith("HTTP/1.1 200")) {
                socket.close();
                throw new AssertionError("GET /live/jobs answered " + status);
            }
            boolean chunked = false;
            for (String header = line(socket.getInputStream());
                    !header.isEmpty();
                    header = line(socket.getInputStream())) {
                chunked |= header.equalsIgnoreCase("Transfer-Encoding: chunked");
            }
            if (!chunked) {
                socket.close();
                throw new AssertionError("GET /live/jobs answered without chunked encoding");
            }
            return new LiveViewer(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a viewer the server does not admit is told: the status and the body. */
    static HttpResponse<String> refused(String baseUrl) {
        try {
            return HTTP.send(
                    HttpRequest.newBuilder(URI.create(baseUrl + "/live/jobs"))
                            .header("Accept", "text/event-stream")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void read() {
        try {
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            for (int size = chunkSize(in); size > 0; size = chunkSize(in)) {
                byte[] chunk = in.readNBytes(size);
                bytes.addAndGet(size);
                for (byte b : chunk) {
                    if (b != '\n') {
                        text.write(b);
                        continue;
                    }
                    event(text.toString(StandardCharsets.UTF_8));
                    text.reset();
                }
            }
        } catch (IOException closed) {
            // the viewer was closed, or the server ended the feed
        } finally {
            ended.complete(null);
        }
    }

    private void event(String line) {
        if (line.startsWith("data:")) {
            Instant arrived = Instant.now();
            JsonNode job = parse(line.substring("data:".length()));
            Change change = new Change(
                    job.get("jobId").asText(),
                    job.get("committedOffset").asLong(),
                    Instant.parse(job.get("updatedAt").asText()),
                    arrived);
            changes.add(change);
            offsets.merge(change.jobId(), change.committedOffset(), Math::max);
        }
    }

    private static int chunkSize(InputStream in) throws IOException {
        String size = line(in);
        if (size.isEmpty()) {
            // The CRLF that ends the previous chunk: Jetty sends it with the next one.
            size = line(in);
        }
        return size.isEmpty() ? 0 : Integer.parseInt(size.split(";")[0].strip(), 16);
    }

    /** One CRLF-ended line of the HTTP framing, without its end; empty at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The highest committed offset seen of the job; -1 before any event of it. */
    long offset(String jobId) {
        return offsets.getOrDefault(jobId, -1L);
    }

    List<Change> changes() {
        return changes;
    }

    /** Whether the feed ends (the server closes it) within the time given. */
    boolean endsWithin(Duration time) {
        try {
            ended.get(time.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException stillOpen) {
            return false;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Bytes of the feed's body read so far. */
    long bytes() {
        return bytes.get();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
