package dev.productingest.server.ingest.stream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrorBudgetTest {
    @Test
    void theJobStopsAtTheFirstRejectBeyondTheBudget() {
        ErrorBudget budget = new ErrorBudget(2L, 0);

        assertThat(budget.reject(3)).isEmpty();
        assertThat(budget.reject(7)).isEmpty();
        assertThat(budget.reject(9))
                .contains(JobEnd.failed(
                        "error budget exceeded: 3 rows rejected, more than max_rejected 2;" + " stopped at offset 9"));
    }

    @Test
    void rejectsOfEarlierStreamsOfTheJobCount() {
        ErrorBudget resumed = new ErrorBudget(2L, 2);

        assertThat(resumed.reject(50))
                .hasValueSatisfying(end -> assertThat(end.error()).contains("3 rows rejected"));
    }

    @Test
    void withoutAMaximumNothingStopsTheJob() {
        ErrorBudget unlimited = new ErrorBudget(null, 0);
        for (int i = 0; i < 10_000; i++) {
            assertThat(unlimited.reject(i)).isEmpty();
        }
    }
}
