package dev.productingest.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;

class CredentialsTest {
    private static final Set<Scope> PRODUCER = EnumSet.of(Scope.INGEST, Scope.SNAPSHOT);
    private static final String INGEST = "ingest-token-0123456789";
    private static final String READ = "read-token-0123456789";
    private static final String ADMIN = "admin-token-0123456789";

    @Test
    void aTokenNamesTheCallerWhoseHashItHas() {
        Credentials credentials = Credentials.builder()
                .add("catalog-team", PRODUCER, List.of(Credentials.hashOf("team-token")), "")
                .add("dashboard", EnumSet.of(Scope.READ), List.of(Credentials.hashOf("dash-token")), "")
                .build();

        assertThat(credentials.byToken("team-token"))
                .hasValueSatisfying(c -> assertThat(c.name()).isEqualTo("catalog-team"));
        assertThat(credentials.byToken("dash-token"))
                .hasValueSatisfying(c -> assertThat(c.scopes()).containsExactly(Scope.READ));
        assertThat(credentials.byToken("team-token "))
                .as("not trimmed: a different secret")
                .isEmpty();
        assertThat(credentials.byToken("")).isEmpty();
    }

    @Test
    void whileATokenIsReplacedBothNameTheSameCaller() {
        Credentials credentials = new AuthFactoryBuilder()
                .ingestToken(" new-ingest-token , old-ingest-token ")
                .build();

        assertThat(credentials.byToken("new-ingest-token"))
                .hasValueSatisfying(c -> assertThat(c.name()).isEqualTo(AuthFactory.PRODUCER));
        assertThat(credentials.byToken("old-ingest-token"))
                .hasValueSatisfying(c -> assertThat(c.name()).isEqualTo(AuthFactory.PRODUCER));
    }

    @Test
    void theEnvironmentsShortcutsKeepTheirNamesMeaning() {
        Credentials credentials = new AuthFactoryBuilder()
                .ingestToken(INGEST)
                .readToken(READ)
                .adminToken(ADMIN)
                .build();

        assertThat(credentials.byToken(INGEST).orElseThrow().scopes())
                .containsExactlyInAnyOrder(Scope.INGEST, Scope.SNAPSHOT);
        assertThat(credentials.byToken(READ).orElseThrow().scopes()).containsExactly(Scope.READ);
        assertThat(credentials.byToken(ADMIN).orElseThrow().scopes()).containsExactlyInAnyOrder(Scope.values());
    }

    @Test
    void oneSecretForTwoRolesIsRefused() {
        assertThatThrownBy(() -> new AuthFactoryBuilder()
                        .ingestToken(INGEST)
                        .readToken(INGEST)
                        .build())
                .hasMessageContaining("has a token another credential has too");
    }

    @Test
    void aShortTokenFromTheEnvironmentIsRefusedAsOneThatCouldBeGuessed() {
        assertThatThrownBy(() -> new AuthFactoryBuilder().ingestToken("s3cret").build())
                .hasMessageContaining(
                        "the token of credential 'producer' has 6 characters; use at least 16", "openssl rand -hex 32");
    }

    @Test
    void noCredentialMayTakeTheNameOfCallersWithoutOne() {
        assertThatThrownBy(() ->
                        Credentials.builder().add(Caller.ANONYMOUS, PRODUCER, List.of(Credentials.hashOf("t")), ""))
                .hasMessageContaining("is the name of callers without a credential");
    }

    @Test
    void oneRuleNamesTheCallerOfBothPorts() throws Exception {
        Credentials credentials = new AuthFactoryBuilder().ingestToken(INGEST).build();
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString(("anyone:" + INGEST).getBytes());

        assertThat(credentials.authenticate("Bearer " + INGEST, false, null))
                .hasValueSatisfying(c -> assertThat(c.name()).isEqualTo("producer"));
        assertThat(credentials.authenticate(basic, true, null))
                .as("a browser's Basic password, on the application port")
                .isPresent();
        assertThatThrownBy(() -> credentials.authenticate(basic, false, null))
                .isInstanceOf(UnknownCredentialException.class)
                .hasMessageContaining("not a bearer token");
        assertThatThrownBy(() -> credentials.authenticate("Bearer guess-guess-guess", false, null))
                .hasMessageContaining("not one of this server's credentials");
        assertThat(credentials.authenticate(null, false, null))
                .as("no credential, and none taken without one")
                .isEmpty();
    }

    @Test
    void besideCredentialsAnAnonymousCallerReadsOnlyItsOwnJobs() throws Exception {
        Credentials alone = Credentials.none();
        Credentials beside =
                new AuthFactoryBuilder().ingestToken(INGEST).allowAnonymous().build();

        assertThat(alone.authenticate(null, false, null).orElseThrow().has(Scope.READ))
                .as("one user's loopback server")
                .isTrue();
        Caller anonymous = beside.authenticate(null, false, null).orElseThrow();
        assertThat(anonymous.has(Scope.READ)).isFalse();
        assertThat(anonymous.mayRead(AuthFactory.PRODUCER)).isFalse();
        assertThat(anonymous.mayRead(Caller.ANONYMOUS)).isTrue();
    }

    @Test
    void aNameGivenTwiceOrACredentialWithoutProofOrScopesIsRefused() {
        assertThatThrownBy(() -> Credentials.builder()
                        .add("a", PRODUCER, List.of(Credentials.hashOf("1")), "")
                        .add("a", PRODUCER, List.of(Credentials.hashOf("2")), ""))
                .hasMessageContaining("credential 'a' is configured twice");
        assertThatThrownBy(() -> Credentials.builder().add("b", PRODUCER, List.of(), ""))
                .hasMessageContaining("neither a tokenSha256 nor a certificateSubject");
        assertThatThrownBy(() -> Credentials.builder().add("c", Set.of(), List.of(Credentials.hashOf("3")), ""))
                .hasMessageContaining("has no scopes");
        assertThatThrownBy(() -> Credentials.builder().add("d", PRODUCER, List.of("abc"), ""))
                .hasMessageContaining("64 hexadecimal digits");
    }

    @Test
    void aCertificateSubjectMatchesHoweverItsNameIsSpaced() {
        Credentials credentials = Credentials.builder()
                .add("warehouse", EnumSet.of(Scope.INGEST), List.of(), "CN=warehouse-feed, O=Example")
                .build();

        assertThat(credentials.bySubject(new X500Principal("CN=warehouse-feed,O=Example")))
                .isPresent();
        assertThat(credentials.bySubject(new X500Principal("cn=Warehouse-Feed,o=example")))
                .as("canonical form ignores case")
                .isPresent();
        assertThat(credentials.bySubject(new X500Principal("CN=warehouse-feed,O=Other")))
                .isEmpty();
        assertThat(credentials.namesCertificates()).isTrue();
    }

    @Test
    void anonymousCallersAreTakenOnlyWithoutCredentialsOrWhenAllowed() {
        assertThat(Credentials.none().allowsAnonymous()).isTrue();
        assertThat(new AuthFactoryBuilder().ingestToken(INGEST).build().allowsAnonymous())
                .isFalse();
        assertThat(new AuthFactoryBuilder()
                        .ingestToken(INGEST)
                        .allowAnonymous()
                        .build()
                        .allowsAnonymous())
                .isTrue();
    }

    /** The configuration as a file would give it. */
    private static final class AuthFactoryBuilder {
        private final AuthFactory factory = new AuthFactory();

        AuthFactoryBuilder ingestToken(String tokens) {
            factory.setIngestToken(tokens);
            return this;
        }

        AuthFactoryBuilder readToken(String tokens) {
            factory.setReadToken(tokens);
            return this;
        }

        AuthFactoryBuilder adminToken(String tokens) {
            factory.setAdminToken(tokens);
            return this;
        }

        AuthFactoryBuilder allowAnonymous() {
            factory.setAllowAnonymous(true);
            return this;
        }

        Credentials build() {
            return factory.build();
        }
    }
}
