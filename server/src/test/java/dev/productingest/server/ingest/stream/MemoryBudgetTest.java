package dev.productingest.server.ingest.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryBudgetTest {
    private final List<String> granted = new ArrayList<>();
    // Grants run on the releasing thread here, so a test sees them at once.
    private final MemoryBudget budget = new MemoryBudget(100, 1, Runnable::run);

    private MemoryBudget.Waiter reserve(String who, long bytes) {
        return budget.reserve(bytes, () -> granted.add(who));
    }

    @Test
    void reservationsWithinTheCapacityAreGrantedAtOnce() {
        assertThat(reserve("a", 60)).isNull();
        assertThat(reserve("b", 40)).isNull();

        assertThat(budget.used()).isEqualTo(100);
        assertThat(budget.waiting()).isZero();
    }

    @Test
    void aReservationBeyondTheCapacityWaitsUntilBytesAreReleased() {
        reserve("a", 80);

        assertThat(reserve("b", 40)).isNotNull();
        assertThat(granted).isEmpty();

        budget.release(30);
        assertThat(granted).containsExactly("b");
        assertThat(budget.used()).isEqualTo(90);
    }

    @Test
    void waitingStreamsAreServedInArrivalOrder() {
        reserve("a", 100);
        reserve("big", 60);
        reserve("small", 10);

        budget.release(50);
        // "small" would fit, but it came after "big": nobody passes a stream already waiting.
        assertThat(granted).isEmpty();

        budget.release(50);
        assertThat(granted).containsExactly("big", "small");
    }

    @Test
    void aNewReservationQueuesBehindWaitersEvenWhenItWouldFit() {
        reserve("a", 90);
        reserve("waiting", 50);

        assertThat(reserve("late", 5)).isNotNull();
        assertThat(budget.used()).isEqualTo(90);
    }

    @Test
    void aReservationOfTheWholeCapacityWaitsUntilEveryByteIsBack() {
        reserve("a", 10);
        reserve("whole", 100);

        budget.release(10);
        assertThat(granted).containsExactly("whole");
        assertThat(budget.used()).isEqualTo(100);
    }

    @Test
    void aReservationLargerThanTheCapacityIsRefused() {
        assertThatThrownBy(() -> reserve("huge", 101)).isInstanceOf(IllegalArgumentException.class);
        assertThat(budget.used()).isZero();
    }

    @Test
    void aCancelledWaiterLeavesTheLine() {
        reserve("a", 100);
        MemoryBudget.Waiter gone = reserve("gone", 50);
        reserve("next", 50);

        assertThat(gone.cancel()).isTrue();
        budget.release(50);
        assertThat(granted).containsExactly("next");
    }

    @Test
    void cancellingAGrantedReservationSaysSo() {
        reserve("a", 100);
        MemoryBudget.Waiter waiter = reserve("b", 50);
        budget.release(100);

        assertThat(waiter.cancel()).isFalse();
        assertThat(budget.used()).isEqualTo(50);
    }

    @Test
    void noStreamReadsAheadMoreThanItsShareOfTheCapacity() {
        MemoryBudget shared = new MemoryBudget(100, 4, Runnable::run);

        assertThat(shared.readAhead(1_000)).isEqualTo(25);
        assertThat(shared.readAhead(10)).isEqualTo(10);
    }
}
