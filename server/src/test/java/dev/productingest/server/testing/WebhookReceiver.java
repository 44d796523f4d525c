package dev.productingest.server.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.ToIntFunction;

/** An HTTP endpoint on a free local port that answers each POSTed body with the status a test decides. */
public final class WebhookReceiver implements AutoCloseable {
    private final HttpServer http;

    private WebhookReceiver(HttpServer http) {
        this.http = http;
    }

    /** @param status the HTTP status for each request's body (204 takes it, 503 refuses it) */
    public static WebhookReceiver answering(ToIntFunction<String> status) {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            http.createContext("/done", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status.applyAsInt(body), -1);
                exchange.close();
            });
            http.start();
            return new WebhookReceiver(http);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://localhost:" + http.getAddress().getPort() + "/done";
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
