package dev.productingest.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(400), Duration.ofSeconds(2));

    @RepeatedTest(20)
    void eachWaitLiesBetweenHalfAndAllOfTheDoublingBackoff() {
        assertThat(policy.backoff(1).toMillis()).isBetween(200L, 400L);
        assertThat(policy.backoff(2).toMillis()).isBetween(400L, 800L);
        assertThat(policy.backoff(4).toMillis()).isBetween(1_000L, 2_000L);
        assertThat(policy.backoff(10).toMillis()).isBetween(1_000L, 2_000L);
    }

    @Test
    void aFullServerAndAnEndedIdleStreamAreRetriedAndProtocolMisuseIsNot() {
        assertThat(policy.retries(failure(Status.Code.RESOURCE_EXHAUSTED), 1)).isTrue();
        assertThat(policy.retries(failure(Status.Code.UNAVAILABLE), 1)).isTrue();
        assertThat(policy.retries(failure(Status.Code.INVALID_ARGUMENT), 1)).isFalse();
        assertThat(policy.retries(failure(Status.Code.UNAVAILABLE), 5)).isFalse();
    }

    private static IngestException failure(Status.Code code) {
        return new IngestException(code, code.name(), null);
    }
}
