package dev.productingest.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.productingest.server.auth.Credentials;
import dev.productingest.server.auth.ListenPolicy;
import dev.productingest.server.auth.Scope;
import dev.productingest.server.store.DatabaseSessionsConfiguration;
import dev.productingest.server.store.SessionSettings;
import io.dropwizard.configuration.ConfigurationFactory;
import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.configuration.DefaultConfigurationFactoryFactory;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The configuration files a deployment writes: durations with units, the older unit-less names, and bad values. */
class ConfigurationFileTest {
    // As the application reads its file: Dropwizard's factory, which refuses keys it does not know.
    private final ConfigurationFactory<ProductIngestConfiguration> factory = new DefaultConfigurationFactoryFactory<
                    ProductIngestConfiguration>()
            .create(ProductIngestConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw");

    @Test
    void theShippedConfigFileReadsWithItsDurations() throws Exception {
        ProductIngestConfiguration config = factory.build(
                new SubstitutingSourceProvider(
                        new FileConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)),
                Path.of("..", "config.yml").toString());

        assertThat(config.getIngest().settings().linger().toJavaDuration()).isEqualTo(Duration.ofMillis(200));
        assertThat(config.getIngest().getLease().toJavaDuration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.getProgress().settings().runningTtl()).isEqualTo(Duration.ofHours(24));
        assertThat(config.getProgress().settings().endedTtl()).isEqualTo(Duration.ofHours(1));
        assertThat(config.getCache().getProductTtl().toJavaDuration()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.getRedis().getTimeout().toJavaDuration()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.getGrpc().settings(null).shutdownGrace()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.getRetention().getAbandonAfter().toJavaDuration()).isEqualTo(Duration.ofDays(7));
        SessionSettings sessions = config.getDatabaseSessions().settings();
        assertThat(sessions.idleInTransactionTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(sessions.lockTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(sessions.statementTimeout()).isEqualTo(Duration.ofSeconds(25));
        assertThat(sessions)
                .as("a configuration without the section gets the shipped file's values")
                .isEqualTo(new DatabaseSessionsConfiguration().settings());
    }

    @Test
    void aLockTimeoutNoShorterThanTheStatementTimeoutIsRefused() {
        assertThatThrownBy(() -> read("""
                databaseSessions:
                  lockTimeout: 30s
                  statementTimeout: 30s
                """))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("lockTimeout must be shorter than statementTimeout");
    }

    @Test
    void aNameWithoutItsUnitIsRefusedByName() {
        assertThatThrownBy(() -> read("""
                ingest:
                  lingerMs: 75
                """)).hasMessageContaining("lingerMs");
    }

    @Test
    void aZeroLingerIsRefusedByName() {
        assertThatThrownBy(() -> read("""
                ingest:
                  linger: 0ms
                """))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("ingest.linger");
    }

    @Test
    void noWebhookConfiguredMeansNoWebhookUrl() throws Exception {
        assertThat(read("progress:\n  webhookUrl: \"\"\n")
                        .getProgress()
                        .webhook()
                        .url())
                .isNull();
    }

    @Test
    void credentialsAreReadFromTheirHashesWithOneOrSeveralTokensEach() throws Exception {
        ProductIngestConfiguration config =
                read("""
                auth:
                  credentials:
                    - name: catalog-team
                      scopes: [ingest, snapshot]
                      tokenSha256: [%s, %s]
                    - name: dashboard
                      scopes: [read]
                      tokenSha256: %s
                """.formatted(Credentials.hashOf("new"), Credentials.hashOf("old"), Credentials.hashOf("dash")));

        Credentials credentials = config.getAuth().build();

        assertThat(credentials
                        .authenticate("Bearer new", false, null)
                        .orElseThrow()
                        .name())
                .isEqualTo("catalog-team");
        assertThat(credentials
                        .authenticate("Bearer old", false, null)
                        .orElseThrow()
                        .scopes())
                .containsExactlyInAnyOrder(Scope.INGEST, Scope.SNAPSHOT);
        assertThat(credentials
                        .authenticate("Bearer dash", false, null)
                        .orElseThrow()
                        .scopes())
                .containsExactly(Scope.READ);
    }

    @Test
    void anUnknownScopeOrAMalformedHashIsRefusedByName() {
        assertThatThrownBy(() -> read("""
                auth:
                  credentials:
                    - name: x
                      scopes: [write]
                      tokenSha256: %s
                """.formatted(Credentials.hashOf("t"))))
                .hasMessageContaining("scope 'write' is not one of read, ingest, snapshot, admin");
        assertThatThrownBy(() -> read("""
                auth:
                  credentials:
                    - name: x
                      scopes: [read]
                      tokenSha256: the-token-itself
                """))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("must be a SHA-256 hash");
    }

    @Test
    void theShippedConfigFileListensOnLoopbackUntilACredentialIsSet() throws Exception {
        ProductIngestConfiguration config = factory.build(
                new SubstitutingSourceProvider(
                        new FileConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)),
                Path.of("..", "config.yml").toString());

        assertThat(config.getAuth().build().isEmpty())
                .as("no credential in the shipped file")
                .isTrue();
        assertThat(new ListenPolicy(config.getAuth().build())
                        .host(config.getGrpc().getHost(), "grpc.host"))
                .isEqualTo("127.0.0.1");
    }

    /** The given sections over the least a configuration needs: a database URL. */
    private ProductIngestConfiguration read(String yaml) throws Exception {
        String file = "database:\n  url: embedded\n" + yaml;
        return factory.build(path -> new ByteArrayInputStream(file.getBytes(StandardCharsets.UTF_8)), "test.yml");
    }
}
