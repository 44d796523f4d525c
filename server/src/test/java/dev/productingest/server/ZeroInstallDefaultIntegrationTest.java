package dev.productingest.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.productingest.server.testing.Rest;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With no database or Redis URL the server starts its own PostgreSQL and Redis, which ask for passwords, and reaches
 * both with the passwords it finds in their data directories.
 */
class ZeroInstallDefaultIntegrationTest {
    @TempDir
    static Path data;

    private static DropwizardTestSupport<ProductIngestConfiguration> app;

    @BeforeAll
    static void start() throws Exception {
        app = new DropwizardTestSupport<>(
                ProductIngestApplication.class,
                ResourceHelpers.resourceFilePath("test-config.yml"),
                ConfigOverride.config("database.url", "embedded"),
                ConfigOverride.config(
                        "embeddedPostgres.dataDirectory",
                        data.resolve("postgres").toString()),
                ConfigOverride.config("redis.url", "embedded"),
                ConfigOverride.config(
                        "redis.embeddedDataDirectory", data.resolve("redis").toString()));
        app.before();
    }

    @AfterAll
    static void stop() {
        app.after();
    }

    @Test
    void theServerReachesItsEmbeddedStoresWithThePasswordsKeptBesideTheirData() {
        assertThat(data.resolve("postgres").resolve("password")).isNotEmptyFile();
        assertThat(data.resolve("redis").resolve("password")).isNotEmptyFile();
        String health = "http://localhost:" + app.getAdminPort() + "/healthcheck";
        assertThat(Rest.get(health).body().path("postgresql").path("healthy").asBoolean())
                .isTrue();
        assertThat(Rest.get(health).body().path("redis").path("healthy").asBoolean())
                .isTrue();
        assertThat(Files.exists(data.resolve("postgres").resolve("PG_VERSION")))
                .as("PostgreSQL's data where configured")
                .isTrue();
    }
}
