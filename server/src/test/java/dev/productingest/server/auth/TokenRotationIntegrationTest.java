package dev.productingest.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.productingest.server.testing.IngestCall;
import dev.productingest.server.testing.Products;
import dev.productingest.server.testing.TestServer;
import dev.productingest.v1.GetJobRequest;
import dev.productingest.v1.ProductRow;
import io.dropwizard.testing.ConfigOverride;
import io.grpc.Status;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A token replaced without downtime: while both are configured either opens and resumes the credential's jobs, so
 * producers move over one at a time, even in the middle of a job; once the old one is withdrawn (servers restarted one
 * by one with the new alone) it is refused.
 */
class TokenRotationIntegrationTest {
    @RegisterExtension
    static final TestServer both =
            TestServer.perClass(ConfigOverride.config("auth.ingestToken", "new-ingest-token,old-ingest-token"));

    @Test
    void whileBothTokensAreValidAJobStartedWithTheOldIsResumedWithTheNew() throws Exception {
        List<ProductRow> rows = Products.catalog(1_000, 0);
        IngestCall.commitThenBreak(
                both.asyncStub("old-ingest-token"),
                both.blockingStub("new-ingest-token"),
                "moving",
                rows.subList(0, 400));

        IngestCall.Result resumed =
                IngestCall.resume(both.asyncStub("new-ingest-token"), IngestCall.header("moving"), rows, 400);

        assertThat(resumed.ok()).as(resumed.status().toString()).isTrue();
        assertThat(resumed.summary().getInserted()).isEqualTo(1_000);

        try (TestServer rotated = both.startAnother(ConfigOverride.config("auth.ingestToken", "new-ingest-token"))) {
            assertThat(IngestCall.load(rotated.asyncStub("old-ingest-token"), "after", rows)
                            .status()
                            .getCode())
                    .as("the withdrawn token")
                    .isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(IngestCall.load(rotated.asyncStub("new-ingest-token"), "after", rows)
                            .ok())
                    .isTrue();
            assertThat(rotated.blockingStub("new-ingest-token")
                            .getJob(GetJobRequest.newBuilder()
                                    .setJobId("moving")
                                    .build())
                            .getOwner())
                    .as("the same credential, whichever token")
                    .isEqualTo(AuthFactory.PRODUCER);
        }
    }
}
