package dev.productingest.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.productingest.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * docs/operations.md lists every task the admin port serves, Dropwizard's and the project's: an operator knows all it
 * can do.
 */
class AdminPortIntegrationTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @Test
    void operationsListsEveryAdminTask() throws Exception {
        HttpResponse<String> tasks = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + server.adminPort() + "/tasks"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        List<String> served = Arrays.stream(tasks.body().split("\\R"))
                .map(String::strip)
                .filter(name -> !name.isEmpty())
                .toList();
        String operations = Files.readString(Path.of("..", "docs", "operations.md"));

        assertThat(tasks.statusCode()).isEqualTo(200);
        assertThat(served).contains("gc", "log-level", "batch-latency");
        assertThat(served)
                .allSatisfy(
                        task -> assertThat(operations).as("docs/operations.md").contains("`POST /tasks/" + task));
    }
}
