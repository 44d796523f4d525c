package dev.productingest.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListenPolicyTest {
    private static final Credentials ONE = Credentials.builder()
            .add("catalog-team", EnumSet.of(Scope.INGEST), List.of(Credentials.hashOf("t")), "")
            .build();

    @Test
    void withoutACredentialPortsListenOnLoopback() {
        ListenPolicy policy = new ListenPolicy(Credentials.none());

        assertThat(policy.loopbackOnly()).isTrue();
        assertThat(policy.host("", "grpc.host")).isEqualTo("127.0.0.1");
        assertThat(policy.host(null, "grpc.host")).isEqualTo("127.0.0.1");
        assertThat(policy.host("localhost", "grpc.host")).as("loopback by name").isEqualTo("localhost");
        assertThat(policy.host("::1", "grpc.host")).isEqualTo("::1");
    }

    @Test
    void anAddressBeyondLoopbackWithoutACredentialIsRefusedSayingWhatToDo() {
        ListenPolicy policy = new ListenPolicy(Credentials.none());

        assertThatThrownBy(() -> policy.host("0.0.0.0", "grpc.host (GRPC_HOST)"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("grpc.host (GRPC_HOST) is 0.0.0.0", "INGEST_TOKEN", "auth.allowAnonymous: true");
    }

    @Test
    void withACredentialPortsListenEverywhereUnlessToldOtherwise() {
        ListenPolicy policy = new ListenPolicy(ONE);

        assertThat(policy.loopbackOnly()).isFalse();
        assertThat(policy.host("", "grpc.host")).as("every interface").isNull();
        assertThat(policy.host("0.0.0.0", "grpc.host")).isEqualTo("0.0.0.0");
        assertThat(policy.host("127.0.0.1", "grpc.host")).isEqualTo("127.0.0.1");
    }

    @Test
    void anonymousCallersAllowedExplicitlyOpenEveryInterface() {
        ListenPolicy policy =
                new ListenPolicy(Credentials.builder().allowAnonymous(true).build());

        assertThat(policy.loopbackOnly()).isFalse();
        assertThat(policy.host("", "grpc.host")).isNull();
        assertThat(policy.host("0.0.0.0", "grpc.host")).isEqualTo("0.0.0.0");
    }
}
