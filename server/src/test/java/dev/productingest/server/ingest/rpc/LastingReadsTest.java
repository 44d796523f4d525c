package dev.productingest.server.ingest.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LastingReadsTest {
    private final LastingReads reads = new LastingReads();

    @Test
    void everyOpenReadIsEndedWhenTheServerStops() {
        CountingRead first = new CountingRead();
        CountingRead second = new CountingRead();
        reads.opened(first);
        reads.opened(second);

        reads.endAll();

        assertThat(first.stops.get()).isEqualTo(1);
        assertThat(second.stops.get()).isEqualTo(1);
    }

    @Test
    void aReadThatStartsWhileTheServerStopsIsEndedAtOnce() {
        reads.endAll();
        CountingRead late = new CountingRead();

        reads.opened(late);

        assertThat(late.stops.get()).isEqualTo(1);
    }

    @Test
    void anEndedReadIsLetGo() {
        CountingRead done = new CountingRead();
        reads.opened(done);

        reads.ended(done);
        reads.ended(done);
        reads.endAll();

        assertThat(done.stops.get()).isZero();
        assertThat(reads.size()).isZero();
    }

    private static final class CountingRead implements LastingReads.Read {
        private final AtomicInteger stops = new AtomicInteger();

        @Override
        public void serverStopping() {
            stops.incrementAndGet();
        }
    }
}
