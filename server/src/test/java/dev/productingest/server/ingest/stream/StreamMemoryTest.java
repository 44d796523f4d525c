package dev.productingest.server.ingest.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamMemoryTest {
    private final List<String> granted = new ArrayList<>();
    // Four stream slots: a stream reads ahead at most 250 bytes. Grants run at once here.
    private final MemoryBudget budget = new MemoryBudget(1_000, 4, Runnable::run);

    @Test
    void aMessageWithinTheRoomReadAheadKeepsItsCostAndGivesTheRestBack() {
        StreamMemory stream = new StreamMemory(budget);
        assertThat(stream.reserveNext(() -> granted.add("ahead"))).isTrue();
        assertThat(budget.used()).isEqualTo(250);

        assertThat(stream.admit(100, () -> granted.add("message"))).isTrue();

        assertThat(budget.used()).isEqualTo(100);
        stream.release(100);
        assertThat(budget.used()).isZero();
    }

    @Test
    void aMessageLargerThanTheRoomReadAheadReservesItsWholeCostBeforeItIsParsed() {
        StreamMemory stream = new StreamMemory(budget);
        stream.reserveNext(() -> {});

        assertThat(stream.admit(900, () -> granted.add("message"))).isTrue();

        assertThat(budget.used()).isEqualTo(900);
    }

    @Test
    void aStreamWaitingForAWholeMessageHoldsNothingWhileItWaits() {
        StreamMemory other = new StreamMemory(budget);
        other.reserveNext(() -> {});
        other.admit(700, () -> {});
        StreamMemory stream = new StreamMemory(budget);
        assertThat(stream.reserveNext(() -> {})).isTrue();

        assertThat(stream.admit(600, () -> granted.add("message"))).isFalse();
        assertThat(budget.used())
                .as("the room read ahead is given back while the stream waits")
                .isEqualTo(700);

        other.release(700);
        assertThat(granted).containsExactly("message");
        stream.granted();
        assertThat(stream.admit(600, null)).isTrue();
        assertThat(budget.used()).isEqualTo(600);
    }

    @Test
    void aStreamThatEndsWhileWaitingLeavesTheLine() {
        StreamMemory other = new StreamMemory(budget);
        other.admit(1_000, () -> {});
        StreamMemory stream = new StreamMemory(budget);
        stream.admit(500, () -> granted.add("message"));

        stream.close();
        other.release(1_000);

        assertThat(granted).isEmpty();
        assertThat(budget.used()).isZero();
    }

    @Test
    void theNextReadAheadIsWhatThePreviousMessageCostWithinAStreamsShare() {
        MemoryBudget large = new MemoryBudget(100_000, 4, Runnable::run);
        StreamMemory stream = new StreamMemory(large);
        stream.admit(3_000, () -> {});
        stream.release(3_000);

        stream.reserveNext(() -> {});
        assertThat(large.used()).isEqualTo(3_000);

        stream.admit(90_000, () -> {});
        stream.release(90_000);
        stream.reserveNext(() -> {});
        assertThat(large.used()).as("a stream's share of four slots").isEqualTo(25_000);
    }

    @Test
    void onlyAMessageWithinTheWholeBudgetFits() {
        StreamMemory stream = new StreamMemory(budget);

        assertThat(stream.fits(1_000)).isTrue();
        assertThat(stream.fits(1_001)).isFalse();
    }
}
