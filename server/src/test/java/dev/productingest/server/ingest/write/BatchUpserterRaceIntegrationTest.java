package dev.productingest.server.ingest.write;

import static dev.productingest.server.testing.Products.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.productingest.server.store.ProductStore;
import dev.productingest.server.store.ProductVersions;
import dev.productingest.server.testing.ProductTable;
import dev.productingest.server.testing.TestServer;
import dev.productingest.v1.ProductRow;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A SKU inserted by another transaction between the locking read and the COPY. */
class BatchUpserterRaceIntegrationTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    private final ProductStore products = new ProductStore(new ObjectMapper());

    @Test
    void aSkuInsertedAfterTheLockingReadFailsTheCopyRetryablyAndLeavesTheConnectionUsable() {
        Jdbi jdbi = server.jdbi();
        ProductRow ours = row("SKU-RACE", 20);
        try (Handle mine = jdbi.open();
                Handle theirs = jdbi.open()) {
            mine.begin();
            assertThat(products.lockCurrent(mine, List.of("SKU-RACE"))).isEmpty();
            theirs.useTransaction(h -> products.insertNew(h, List.of(whole(row("SKU-RACE", 10)))));

            Throwable failure = catchThrowable(() -> products.insertNew(mine, List.of(whole(ours))));
            mine.rollback();

            assertThat(BatchUpserter.isRetryable(failure))
                    .as("unique violation is retried: %s", failure)
                    .isTrue();
            // The failed COPY was ended, so the retry can run on the same connection.
            mine.useTransaction(h -> {
                assertThat(products.lockCurrent(h, List.of("SKU-RACE"))).containsKey("SKU-RACE");
                products.update(h, List.of(ours));
            });
        }
        assertThat(ProductTable.read(jdbi).get("SKU-RACE")).isEqualTo(ours);
    }

    private static ProductVersions whole(ProductRow row) {
        return new ProductVersions(row.getSku(), row, row, row);
    }
}
