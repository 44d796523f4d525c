package dev.productingest.server.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.productingest.server.testing.CapturedLog;
import dev.productingest.server.testing.Conditions;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The errors Jetty answers itself, outside any resource (a path no context serves among them), on a Jetty server set up
 * as Dropwizard sets up the application's (a servlet context behind a graceful handler, connectors named "application"
 * and "admin"): JSON on the application port, the admin port's own pages on the admin port. The failures and the stop
 * are made on purpose here, which the application never does.
 */
class ApiErrorHandlerIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch held = new CountDownLatch(1);
    private Server server;
    private GracefulHandler graceful;
    private ServerConnector application;
    private ServerConnector admin;

    @BeforeEach
    void start() throws Exception {
        server = new Server();
        application = connector("application");
        admin = connector(ApiErrorHandler.ADMIN_CONNECTOR);
        ServletContextHandler context = new ServletContextHandler("/app");
        context.addServlet(new ServletHolder(new Routes()), "/*");
        graceful = new GracefulHandler();
        graceful.setHandler(context);
        server.setHandler(graceful);
        server.setStopTimeout(10_000);
        ErrorHandler pages = new ErrorHandler();
        pages.setShowStacks(false);
        ApiErrorHandler errors = new ApiErrorHandler(JSON, pages);
        server.setErrorHandler(errors);
        context.setErrorHandler(errors);
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        server.stop();
    }

    @Test
    void aFailureOutsideTheResourcesAnswersJsonNamingAnErrorIdTheLogHasTheDetailsUnder() throws Exception {
        try (CapturedLog log = CapturedLog.start();
                Socket client = open(application)) {
            Answer answer = get(client, "/app/fail");

            assertThat(answer.status()).isEqualTo(500);
            assertThat(answer.contentType()).startsWith("application/json");
            JsonNode error = JSON.readTree(answer.body());
            String id = error.get("errorId").asText();
            assertThat(error.get("code").asInt()).isEqualTo(500);
            assertThat(error.get("message").asText()).contains("error id " + id).doesNotContain("db-7", "Exception");
            assertThat(log.events())
                    .filteredOn(event -> event.contains("error id " + id))
                    .singleElement()
                    .asString()
                    .contains("db-7.internal.example", "IllegalStateException");
        }
    }

    @Test
    void aPathNoContextServesIsAJson404() throws Exception {
        try (Socket client = open(application)) {
            Answer answer = get(client, "/elsewhere");

            assertThat(answer.status()).isEqualTo(404);
            assertThat(answer.contentType()).startsWith("application/json");
            assertThat(JSON.readTree(answer.body()).get("code").asInt()).isEqualTo(404);
        }
    }

    @Test
    void theAdminPortKeepsItsOwnPages() throws Exception {
        try (Socket client = open(admin)) {
            Answer answer = get(client, "/app/fail");

            assertThat(answer.status()).isEqualTo(500);
            assertThat(answer.contentType()).startsWith("text/html");
        }
    }

    @Test
    void aStoppingServerAnswersARequestOnAnOpenConnectionWithJson503() throws Exception {
        try (Socket kept = open(application);
                Socket slow = open(application)) {
            assertThat(get(kept, "/app/ok").status()).isEqualTo(200);
            send(slow, "/app/hold");
            assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> {
                try {
                    server.stop();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Conditions.await("the server is stopping and takes no new request", graceful::isShutdown);

            Answer answer = get(kept, "/app/ok");

            assertThat(answer.status()).isEqualTo(503);
            assertThat(answer.contentType()).startsWith("application/json");
            JsonNode error = JSON.readTree(answer.body());
            assertThat(error.get("code").asInt()).isEqualTo(503);
            assertThat(error.get("message").asText()).contains("retry");
            assertThat(error.has("errorId")).isFalse();
            release.countDown();
            stopping.get(10, TimeUnit.SECONDS);
        }
    }

    private ServerConnector connector(String name) {
        ServerConnector connector = new ServerConnector(server);
        connector.setName(name);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        return connector;
    }

    /** Answers /ok, fails /fail as a broken filter or servlet would, and holds /hold until released. */
    private final class Routes extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            switch (request.getPathInfo()) {
                case "/fail" -> throw new IllegalStateException("cannot reach db-7.internal.example:5432");
                case "/hold" -> {
                    held.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                default -> {
                    response.setContentLength(2);
                    response.getWriter().write("ok");
                }
            }
        }
    }

    private static Socket open(ServerConnector connector) throws IOException {
        Socket socket = new Socket("127.0.0.1", connector.getLocalPort());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static void send(Socket socket, String path) throws IOException {
        socket.getOutputStream()
                .write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    /** One request on a kept-alive connection, and its answer read to the end of its body. */
    private static Answer get(Socket socket, String path) throws IOException {
        send(socket, path);
        InputStream in = new BufferedInputStream(socket.getInputStream());
        int status = Integer.parseInt(line(in).split(" ")[1]);
        String contentType = "";
        int length = 0;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            String name = header.substring(0, header.indexOf(':')).toLowerCase(Locale.ROOT);
            String value = header.substring(header.indexOf(':') + 1).strip();
            if (name.equals("content-type")) {
                contentType = value;
            } else if (name.equals("content-length")) {
                length = Integer.parseInt(value);
            }
        }
        return new Answer(status, contentType, new String(in.readNBytes(length), StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n' && b != -1; b = in.read()) {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    private record Answer(int status, String contentType, String body) {}
}
