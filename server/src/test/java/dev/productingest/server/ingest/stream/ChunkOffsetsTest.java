package dev.productingest.server.ingest.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.productingest.v1.ProductRow;
import dev.productingest.v1.RowChunk;
import dev.productingest.v1.RowError;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;

class ChunkOffsetsTest {
    private static RowChunk chunk(long first, int rows, long... unreadable) {
        RowChunk.Builder chunk = RowChunk.newBuilder().setFirstOffset(first);
        for (int i = 0; i < rows; i++) {
            chunk.addRows(ProductRow.getDefaultInstance());
        }
        for (long offset : unreadable) {
            chunk.addUnreadable(RowError.newBuilder().setOffset(offset));
        }
        return chunk.build();
    }

    private static String refusal(ChunkOffsets offsets, RowChunk chunk) {
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () -> offsets.accept(chunk));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        return e.getStatus().getDescription();
    }

    @Test
    void chunksFollowOneAnotherAndCountTheirUnreadableRows() {
        ChunkOffsets offsets = new ChunkOffsets("job", 0);

        assertThat(offsets.accept(chunk(0, 3, 1))).isEqualTo(4);
        assertThat(offsets.accept(chunk(4, 2))).isEqualTo(2);
    }

    @Test
    void aResumeMayStartAnywhereAtOrBelowTheCommittedOffset() {
        assertThat(new ChunkOffsets("job", 100).accept(chunk(40, 10))).isEqualTo(10);
        assertThat(new ChunkOffsets("job", 100).accept(chunk(100, 10))).isEqualTo(10);
        assertThat(refusal(new ChunkOffsets("job", 100), chunk(101, 10)))
                .contains("skips rows")
                .contains("committed up to offset 100");
    }

    @Test
    void offsetsThatGoBackOrSkipAreRefused() {
        ChunkOffsets offsets = new ChunkOffsets("job", 0);
        offsets.accept(chunk(0, 10));

        assertThat(refusal(offsets, chunk(5, 1))).contains("goes back").contains("next offset of job job is 10");
        assertThat(refusal(offsets, chunk(11, 1))).contains("skips rows");
        assertThat(refusal(new ChunkOffsets("job", 0), chunk(-1, 1))).contains("negative");
    }

    @Test
    void unreadableRowsMustBeInOrderInsideTheChunk() {
        assertThat(refusal(new ChunkOffsets("job", 0), chunk(0, 2, 2, 1))).contains("out of order");
        assertThat(refusal(new ChunkOffsets("job", 0), chunk(0, 2, 3))).contains("outside the chunk's offsets [0, 3)");
    }
}
