package dev.productingest.server.ingest;

import static dev.productingest.server.testing.IngestCall.chunk;
import static dev.productingest.server.testing.IngestCall.header;
import static dev.productingest.server.testing.Products.catalog;
import static dev.productingest.server.testing.Products.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.productingest.server.testing.CapturedLog;
import dev.productingest.server.testing.IngestCall;
import dev.productingest.server.testing.ProductTable;
import dev.productingest.server.testing.TestServer;
import dev.productingest.v1.IngestHeader;
import dev.productingest.v1.IngestRequest;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.JobState;
import dev.productingest.v1.ProductIngestGrpc;
import dev.productingest.v1.RowChunk;
import dev.productingest.v1.RowError;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** No byte sequence a producer sends makes a job unfinishable, and none leaks out as UNKNOWN. */
class PoisonInputIntegrationTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @Test
    void anUnreadableRowWhoseTextHoldsNulIsStoredAsARejectAndTheJobCompletes() {
        IngestRequest chunk = IngestRequest.newBuilder()
                .setChunk(RowChunk.newBuilder()
                        .setFirstOffset(0)
                        .addRows(row("A", 0))
                        .addUnreadable(RowError.newBuilder()
                                .setOffset(1)
                                .setSku("B\0")
                                .setField("pri\0ce")
                                .setReason("bad\0value")))
                .build();

        IngestSummary s = IngestCall.run(server.asyncStub(), List.of(header("nul-field"), chunk))
                .summary();

        assertThat(s.getState()).isEqualTo(JobState.COMPLETED);
        assertThat(s.getRejected()).isEqualTo(1);
        assertThat(s.getFirstRejects(0).getField()).isEqualTo("pri\uFFFDce");
        assertThat(s.getFirstRejects(0).getSku()).isEqualTo("B\uFFFD");
        assertThat(s.getFirstRejects(0).getReason()).isEqualTo("bad\uFFFDvalue");
        assertThat(ProductTable.read(server.jdbi())).containsOnlyKeys("A");
    }

    @Test
    void aHeaderWithoutJobIdIsCheckedLikeAnyOther() {
        IngestRequest negativeBudget = IngestRequest.newBuilder()
                .setHeader(IngestHeader.newBuilder().setSource("no id").setMaxRejected(-1))
                .build();
        IngestRequest nulSource = IngestRequest.newBuilder()
                .setHeader(IngestHeader.newBuilder().setSource("feed\0"))
                .build();

        Status budget =
                IngestCall.run(server.asyncStub(), List.of(negativeBudget)).status();
        Status source = IngestCall.run(server.asyncStub(), List.of(nulSource)).status();

        assertThat(budget.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(budget.getDescription()).contains("max_rejected is negative");
        assertThat(source.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(source.getDescription()).contains("source");
    }

    @Test
    void aMessageThatIsNoIngestRequestIsAnInvalidArgument() throws Exception {
        Status status = sendRaw(new byte[] {(byte) 0x12, (byte) 0xff, (byte) 0xff, 0x01, 0x02});

        assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(status.getDescription()).contains("not a readable IngestRequest");
    }

    @Test
    void textThatIsNotUtf8OnTheWireIsRefusedNeverStoredAsReplacementCharacters() throws Exception {
        byte[] chunk = IngestRequest.newBuilder()
                .setChunk(RowChunk.newBuilder()
                        .setFirstOffset(0)
                        .addRows(row("CAFE", 0).toBuilder().setName("Caf\u0001")))
                .build()
                .toByteArray();
        chunk[indexOf(chunk, new byte[] {'C', 'a', 'f', 1}) + 3] =
                (byte) 0xE9; // windows-1252's é, which UTF-8 does not have

        Status status = sendRaw(header("not-utf8").toByteArray(), chunk);

        assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(status.getDescription()).contains("not a readable IngestRequest", "invalid UTF-8");
        assertThat(ProductTable.read(server.jdbi())).isEmpty();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (java.util.Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }

    @Test
    void aBatchNoRetryCanStoreFailsItsJobWithTheReasonInsteadOfEveryResume() {
        server.jdbi()
                .useHandle(
                        h -> h.execute("ALTER TABLE products ADD CONSTRAINT test_no_poison CHECK (name <> 'poison')"));
        try (CapturedLog log = CapturedLog.start()) {
            // Chunks of the tests' batch size make full batches, whatever the linger: the poisoned one, [1000, 2000),
            // has a batch queued behind it, skipped when it fails, which must not be named in its place.
            var rows = new java.util.ArrayList<>(catalog(1_000, 0));
            rows.add(row("POISON", 0).toBuilder().setName("poison").build());
            rows.addAll(catalog(2_999, 0).subList(1_000, 2_999));

            IngestCall.Result first =
                    IngestCall.run(server.asyncStub(), concat(header("poisoned"), IngestCall.chunks(0, rows, 1_000)));
            IngestCall.Result resume = IngestCall.run(
                    server.asyncStub(), List.of(header("poisoned"), chunk(1_000, rows.subList(1_000, 3_000))));

            assertThat(first.summary().getState()).isEqualTo(JobState.FAILED);
            String error = first.summary().getError();
            assertThat(error)
                    .contains("offsets [1000, 2000) cannot be stored", "the database refuses its data")
                    .as("the database's words stay in the server's log")
                    .doesNotContain("test_no_poison", "SQLSTATE", "23514");
            Matcher id = Pattern.compile("error id ([0-9a-f]{16})").matcher(error);
            assertThat(id.find()).as(error).isTrue();
            assertThat(log.events())
                    .filteredOn(event -> event.contains("error id " + id.group(1)))
                    .singleElement()
                    .asString()
                    .contains("test_no_poison");
            assertThat(first.summary().getCommittedOffset()).isEqualTo(1_000);
            assertThat(resume.status().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
            assertThat(ProductTable.read(server.jdbi())).hasSize(1_000);
        } finally {
            server.jdbi().useHandle(h -> h.execute("ALTER TABLE products DROP CONSTRAINT test_no_poison"));
        }
    }

    private static List<IngestRequest> concat(IngestRequest first, List<IngestRequest> rest) {
        var all = new java.util.ArrayList<IngestRequest>();
        all.add(first);
        all.addAll(rest);
        return all;
    }

    /** One Ingest call carrying these bytes as its messages, as a broken producer might send. */
    private static Status sendRaw(byte[]... messages) throws Exception {
        MethodDescriptor<byte[], byte[]> raw =
                ProductIngestGrpc.getIngestMethod().toBuilder(BYTES, BYTES).build();
        ClientCall<byte[], byte[]> call = server.channel().newCall(raw, CallOptions.DEFAULT);
        CompletableFuture<Status> closed = new CompletableFuture<>();
        call.start(
                new ClientCall.Listener<>() {
                    @Override
                    public void onClose(Status status, Metadata trailers) {
                        closed.complete(status);
                    }
                },
                new Metadata());
        call.request(1);
        for (byte[] message : messages) {
            call.sendMessage(message);
        }
        call.halfClose();
        return closed.get(30, TimeUnit.SECONDS);
    }

    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };
}
