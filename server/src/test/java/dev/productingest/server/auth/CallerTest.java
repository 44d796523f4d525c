package dev.productingest.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class CallerTest {
    private static final Caller PRODUCER = new Caller("catalog-team", EnumSet.of(Scope.INGEST, Scope.SNAPSHOT));
    private static final Caller READER = new Caller("dashboard", EnumSet.of(Scope.READ));
    private static final Caller ADMIN_ONLY = new Caller("ops", EnumSet.of(Scope.ADMIN));

    @Test
    void aProducerReadsAndCancelsItsOwnJobsOnly() {
        assertThat(PRODUCER.mayRead("catalog-team")).isTrue();
        assertThat(PRODUCER.mayCancel("catalog-team")).isTrue();
        assertThat(PRODUCER.mayRead("other-team")).isFalse();
        assertThat(PRODUCER.mayCancel("other-team")).isFalse();
        assertThat(PRODUCER.mayRead(null)).as("a job from before credentials").isFalse();
    }

    @Test
    void aReaderReadsEveryJobAndCancelsNone() {
        assertThat(READER.mayRead("catalog-team")).isTrue();
        assertThat(READER.mayRead(null)).isTrue();
        assertThat(READER.mayCancel("catalog-team")).isFalse();
        assertThat(READER.mayCancel("dashboard")).isFalse();
    }

    @Test
    void anAdministratorCancelsAnyJobButReadsOnlyWithTheReadScope() {
        assertThat(ADMIN_ONLY.mayCancel("catalog-team")).isTrue();
        assertThat(ADMIN_ONLY.mayRead("catalog-team")).isFalse();
    }

    @Test
    void anAnonymousCallerMayDoAllButAdmin() {
        assertThat(Caller.anonymous().scopes()).containsExactlyInAnyOrder(Scope.READ, Scope.INGEST, Scope.SNAPSHOT);
        assertThat(Caller.anonymous().name()).isEqualTo(Caller.ANONYMOUS);
    }
}
