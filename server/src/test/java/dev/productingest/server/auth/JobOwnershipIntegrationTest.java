package dev.productingest.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.productingest.server.testing.Bearer;
import dev.productingest.server.testing.Conditions;
import dev.productingest.server.testing.IngestCall;
import dev.productingest.server.testing.Products;
import dev.productingest.server.testing.Rest;
import dev.productingest.server.testing.TestServer;
import dev.productingest.v1.GetJobRequest;
import dev.productingest.v1.Job;
import dev.productingest.v1.ListRejectsRequest;
import dev.productingest.v1.ProductIngestGrpc;
import dev.productingest.v1.ProductRow;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A job belongs to the credential that opened it: it is named the job's owner wherever the job is shown, only it
 * resumes the job, and each credential's watches and listings are capped apart.
 */
class JobOwnershipIntegrationTest {
    private static final String CREDENTIALS = """
            auth:
              watchesPerCredential: 3
              rejectListingsPerCredential: 2
              credentials:
                - name: catalog-team
                  scopes: [ingest]
                  tokenSha256: %s
                - name: warehouse-feed
                  scopes: [ingest]
                  tokenSha256: %s
                - name: dashboard
                  scopes: [read]
                  tokenSha256: %s
            """.formatted(
            Credentials.hashOf("team-token"), Credentials.hashOf("feed-token"), Credentials.hashOf("dash-token"));

    @RegisterExtension
    static final TestServer server = TestServer.perClassWith(CREDENTIALS);

    @Test
    void theCredentialThatOpensAJobIsItsOwnerOverGrpcAndRest() {
        assertThat(IngestCall.load(server.asyncStub("team-token"), "nightly", Products.catalog(10, 0))
                        .ok())
                .isTrue();

        Job job = server.blockingStub("dash-token")
                .getJob(GetJobRequest.newBuilder().setJobId("nightly").build());
        assertThat(job.getOwner()).isEqualTo("catalog-team");
        assertThat(job.getServer())
                .as("the instance that held its stream")
                .isNotEmpty()
                .isNotEqualTo("catalog-team");
        assertThat(Rest.get(server.http() + "/jobs/nightly", "dash-token")
                        .body()
                        .get("owner")
                        .asText())
                .isEqualTo("catalog-team");
        Job asItsOwnerSeesIt = server.blockingStub("team-token")
                .getJob(GetJobRequest.newBuilder().setJobId("nightly").build());
        assertThat(asItsOwnerSeesIt.getOwner()).isEqualTo("catalog-team");
        assertThat(asItsOwnerSeesIt.getServer())
                .as("which instance holds it is the operators' to know")
                .isEmpty();
    }

    @Test
    void anotherCredentialCanNeitherResumeNorReadNorCancelTheJob() {
        List<ProductRow> rows = Products.catalog(10, 0);
        IngestCall.commitThenBreak(
                server.asyncStub("team-token"), server.blockingStub("team-token"), "resumable", rows.subList(0, 5));

        IngestCall.Result taken =
                IngestCall.resume(server.asyncStub("feed-token"), IngestCall.header("resumable"), rows, 0);

        assertThat(taken.status().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(taken.status().getDescription()).contains("belongs to another credential", "choose another job id");
        // What it learns of the job by reading it is what it learns of one that does not exist.
        assertThat(status(() -> server.blockingStub("feed-token")
                                .getJob(GetJobRequest.newBuilder()
                                        .setJobId("resumable")
                                        .build()))
                        .getCode())
                .isEqualTo(Status.Code.NOT_FOUND);
        assertThat(status(() -> server.blockingStub("feed-token")
                                .cancelJob(GetJobRequest.newBuilder()
                                        .setJobId("resumable")
                                        .build()))
                        .getCode())
                .isEqualTo(Status.Code.NOT_FOUND);
        IngestCall.Result resumed =
                IngestCall.resume(server.asyncStub("team-token"), IngestCall.header("resumable"), rows, 0);
        assertThat(resumed.ok()).as(resumed.status().toString()).isTrue();
        assertThat(resumed.summary().getInserted()).isEqualTo(10);
    }

    @Test
    void eachCredentialHasItsOwnShareOfWatchesGivenBackWhenTheyEnd() {
        IngestCall running = IngestCall.open(server.asyncStub("team-token"));
        running.send(IngestCall.header("watched")).send(IngestCall.chunk(0, Products.catalog(3, 0)));
        GetJobRequest watched = GetJobRequest.newBuilder().setJobId("watched").build();
        Conditions.await(
                "the job is open",
                () -> status(() -> server.blockingStub("dash-token").getJob(watched))
                        .isOk());
        Context.CancellableContext watches = Context.current().withCancellation();
        try {
            // Three watches open and answering: the credential's share.
            watches.run(() -> {
                for (int i = 0; i < 3; i++) {
                    server.blockingStub("team-token").watchJob(watched).next();
                }
            });

            Status fourth = watches.call(() -> status(
                    () -> server.blockingStub("team-token").watchJob(watched).next()));
            assertThat(fourth.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            assertThat(fourth.getDescription()).contains("credential 'catalog-team' already has 3 watches open");
            assertThat(watches.call(() -> status(() -> server.blockingStub("dash-token")
                                    .watchJob(watched)
                                    .next()))
                            .getCode())
                    .as("another credential's share is untouched")
                    .isEqualTo(Status.Code.OK);
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            watches.cancel(null);
        }
        Context.CancellableContext again = Context.current().withCancellation();
        try {
            Conditions.await("the cancelled watches give their places back", () -> {
                Status[] answer = new Status[1];
                again.run(() -> answer[0] = status(() ->
                        server.blockingStub("team-token").watchJob(watched).next()));
                return answer[0].isOk();
            });
        } finally {
            again.cancel(null);
            running.finish();
        }
    }

    @Test
    void aCredentialsListingsBeyondItsShareAreRefused() throws Exception {
        List<ProductRow> rows = new ArrayList<>(Products.catalog(2, 0));
        for (int i = 0; i < 3_000; i++) {
            rows.add(Products.row("bad sku " + i, 0));
        }
        assertThat(IngestCall.load(server.asyncStub("team-token"), "rejecting", rows)
                        .summary()
                        .getRejected())
                .isEqualTo(3_000);
        ListRejectsRequest all =
                ListRejectsRequest.newBuilder().setJobId("rejecting").build();
        // A reader that takes one reject and no more, over a tiny window: its listing stays open on the server.
        ManagedChannel slow = NettyChannelBuilder.forAddress("localhost", server.grpcPort())
                .usePlaintext()
                .flowControlWindow(1024)
                .build();
        ProductIngestGrpc.ProductIngestBlockingStub slowReader =
                ProductIngestGrpc.newBlockingStub(slow).withInterceptors(Bearer.token("team-token"));
        Context.CancellableContext listings = Context.current().withCancellation();
        try {
            listings.call(() -> {
                slowReader.listRejects(all).next();
                slowReader.listRejects(all).next();
                return null;
            });
            Status third =
                    listings.call(() -> status(() -> slowReader.listRejects(all).next()));
            assertThat(third.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            assertThat(third.getDescription()).contains("2 reject listings open");
        } finally {
            listings.cancel(null);
            slow.shutdownNow();
        }
        Conditions.await(
                "the cancelled listings give their places back",
                () -> status(() -> server.blockingStub("team-token")
                                .listRejects(all)
                                .forEachRemaining(r -> {}))
                        .isOk());
    }

    /** How a call ends: OK when it answers, else its status. */
    private static Status status(Runnable call) {
        try {
            call.run();
            return Status.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus();
        }
    }
}
