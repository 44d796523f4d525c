package dev.productingest.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.productingest.server.testing.Conditions;
import dev.productingest.server.testing.TestServer;
import io.dropwizard.testing.ConfigOverride;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyChannelBuilder;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What callers who need no token can make the ingest port hold, over real sockets: health watches with huge service
 * names keep nothing, watches beyond the server's bound are refused, and calls beyond a connection's bound wait for one
 * of its calls to end.
 */
class GrpcBoundsIntegrationTest {
    // Just under the 4 MiB message limit: the largest name a caller can send.
    private static final int HUGE_NAME = 4_000_000;
    private static final int FLOOD = 50;

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @Test
    void aFloodOfWatchesWithHugeNamesLeavesTheHeapFlat() throws Exception {
        flood(2); // the transport's and the service's first allocations, out of the measure
        long before = usedHeapAfterGc();

        List<HealthWatch> watches = flood(FLOOD);
        long after = usedHeapAfterGc();

        assertThat(watches)
                .allSatisfy(watch ->
                        assertThat(watch.admitted()).as("refused, not watched").isFalse());
        assertThat(watches.get(0).endedWith()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(after - before)
                .as(
                        "heap kept by %d watches of %d-character names (%d MB of names)",
                        FLOOD, HUGE_NAME, (long) FLOOD * HUGE_NAME >> 20)
                .isLessThan(32L << 20);
    }

    @Test
    void watchesBeyondTheServersBoundAreRefusedAndCallsBeyondAConnectionsBoundWait() throws Exception {
        try (TestServer bounded = TestServer.start(
                ConfigOverride.config("grpc.maxHealthWatches", "4"),
                ConfigOverride.config("grpc.maxConcurrentCallsPerConnection", "4"))) {
            ManagedChannel full = bounded.channel();
            ManagedChannel other = NettyChannelBuilder.forTarget(bounded.target())
                    .usePlaintext()
                    .build();
            try {
                List<HealthWatch> watches = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    watches.add(HealthWatch.start(full, ""));
                    assertThat(watches.get(i).admitted()).isTrue();
                }

                assertThat(HealthWatch.start(other, "").endedWith())
                        .as("a watch beyond the server's bound")
                        .isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                Future<HealthCheckResponse> waiting =
                        HealthGrpc.newFutureStub(full).check(HealthCheckRequest.getDefaultInstance());
                for (int i = 0; i < 20; i++) {
                    assertThat(check(other))
                            .as("another connection's Check")
                            .isIn(ServingStatus.SERVING, ServingStatus.NOT_SERVING);
                }
                assertThat(waiting)
                        .as("a fifth call on the full connection waits, neither answered nor refused")
                        .isNotDone();
                waiting.cancel(true);

                watches.get(0).cancel();
                Conditions.await(
                        "a watch is taken once one ended",
                        () -> HealthWatch.start(other, "").admitted());
            } finally {
                other.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    /** Health watches with names of HUGE_NAME characters, all open at once, each answered. */
    private static List<HealthWatch> flood(int count) {
        List<HealthWatch> watches = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            watches.add(HealthWatch.start(
                    server.channel(),
                    Integer.toString(i).repeat(HUGE_NAME / Integer.toString(i).length())));
        }
        watches.forEach(HealthWatch::awaitAnswer);
        return watches;
    }

    private static ServingStatus check(ManagedChannel channel) {
        return HealthGrpc.newBlockingStub(channel)
                .withDeadlineAfter(10, TimeUnit.SECONDS)
                .check(HealthCheckRequest.newBuilder().setService("").build())
                .getStatus();
    }

    private static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        memory.gc();
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
