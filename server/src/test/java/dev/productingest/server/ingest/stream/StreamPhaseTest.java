package dev.productingest.server.ingest.stream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StreamPhaseTest {
    @Test
    void aStreamMovesForwardOnly() {
        assertThat(StreamPhase.AWAITING_HEADER.canMoveTo(StreamPhase.OPENING)).isTrue();
        assertThat(StreamPhase.OPENING.canMoveTo(StreamPhase.STREAMING)).isTrue();
        assertThat(StreamPhase.STREAMING.canMoveTo(StreamPhase.FINISHING)).isTrue();
        assertThat(StreamPhase.FINISHING.canMoveTo(StreamPhase.ENDED)).isTrue();

        assertThat(StreamPhase.STREAMING.canMoveTo(StreamPhase.OPENING)).isFalse();
        assertThat(StreamPhase.FINISHING.canMoveTo(StreamPhase.STREAMING)).isFalse();
        assertThat(StreamPhase.AWAITING_HEADER.canMoveTo(StreamPhase.STREAMING))
                .as("no chunk before the job is held")
                .isFalse();
    }

    @Test
    void everyPhaseCanEndAndAnEndedStreamStaysEnded() {
        for (StreamPhase phase : StreamPhase.values()) {
            assertThat(phase.canMoveTo(StreamPhase.ENDED)).as(phase.name()).isEqualTo(phase != StreamPhase.ENDED);
            assertThat(StreamPhase.ENDED.canMoveTo(phase)).isFalse();
        }
    }

    @Test
    void aClientThatHalfClosesWhileTheJobOpensGoesStraightToFinishing() {
        assertThat(StreamPhase.OPENING.canMoveTo(StreamPhase.FINISHING)).isTrue();
        assertThat(StreamPhase.AWAITING_HEADER.canMoveTo(StreamPhase.FINISHING)).isFalse();
    }

    @Test
    void onlyTheFirstThreePhasesReadMessages() {
        assertThat(StreamPhase.STREAMING.reads()).isTrue();
        assertThat(StreamPhase.FINISHING.reads()).isFalse();
        assertThat(StreamPhase.ENDED.reads()).isFalse();
    }
}
