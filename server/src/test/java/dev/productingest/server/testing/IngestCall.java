package dev.productingest.server.testing;

import dev.productingest.v1.GetJobRequest;
import dev.productingest.v1.IngestHeader;
import dev.productingest.v1.IngestRequest;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.ProductIngestGrpc;
import dev.productingest.v1.ProductRow;
import dev.productingest.v1.RowChunk;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A raw Ingest call, message by message, for tests that need control over the protocol. */
public final class IngestCall {
    private final CompletableFuture<Result> result = new CompletableFuture<>();
    private final StreamObserver<IngestRequest> requests;

    /** The outcome of a call: a summary, or the status it failed with. */
    public record Result(IngestSummary summary, Status status) {
        public boolean ok() {
            return summary != null;
        }
    }

    private IngestCall(ProductIngestGrpc.ProductIngestStub stub) {
        this.requests = stub.ingest(new StreamObserver<>() {
            @Override
            public void onNext(IngestSummary value) {
                result.complete(new Result(value, Status.OK));
            }

            @Override
            public void onError(Throwable t) {
                result.complete(new Result(null, Status.fromThrowable(t)));
            }

            @Override
            public void onCompleted() {}
        });
    }

    public static IngestCall open(ProductIngestGrpc.ProductIngestStub stub) {
        return new IngestCall(stub);
    }

    /** Sends every request, ends the stream and waits for the answer. */
    public static Result run(ProductIngestGrpc.ProductIngestStub stub, List<IngestRequest> requests) {
        IngestCall call = open(stub);
        requests.forEach(call::send);
        return call.finish();
    }

    /** A whole job: header, then the rows from offset 0 in chunks. */
    public static Result load(ProductIngestGrpc.ProductIngestStub stub, String jobId, List<ProductRow> rows) {
        List<IngestRequest> requests = new ArrayList<>();
        requests.add(header(jobId));
        requests.addAll(chunks(0, rows, 500));
        return run(stub, requests);
    }

    /**
     * Resumes a job from {@code fromOffset} with the rest of its rows, trying again while the broken stream before it
     * still holds the job (ABORTED: its last batch may still be writing).
     */
    public static Result resume(
            ProductIngestGrpc.ProductIngestStub stub, IngestRequest header, List<ProductRow> rows, long fromOffset) {
        List<IngestRequest> requests = new ArrayList<>();
        requests.add(header);
        requests.addAll(chunks(fromOffset, rows.subList((int) fromOffset, rows.size()), 500));
        Result[] last = new Result[1];
        Conditions.await("the job is let go and the resumed stream ends", () -> {
            last[0] = run(stub, requests);
            return last[0].status().getCode() != Status.Code.ABORTED;
        });
        return last[0];
    }

    /**
     * Opens {@code jobId}, commits {@code rows} from offset 0, then breaks the stream as a lost connection would: the
     * job stays RUNNING at that offset, for a resume.
     *
     * @param reader reads the job's committed offset (a stub whose caller may read the job)
     */
    public static void commitThenBreak(
            ProductIngestGrpc.ProductIngestStub stub,
            ProductIngestGrpc.ProductIngestBlockingStub reader,
            String jobId,
            List<ProductRow> rows) {
        IngestCall call = open(stub).send(header(jobId)).send(chunk(0, rows));
        Conditions.await(
                "the first rows of " + jobId + " commit",
                () -> reader.getJob(GetJobRequest.newBuilder().setJobId(jobId).build())
                                .getSummary()
                                .getCommittedOffset()
                        == rows.size());
        call.breakOff();
    }

    public IngestCall send(IngestRequest request) {
        requests.onNext(request);
        return this;
    }

    public Result finish() {
        requests.onCompleted();
        return await();
    }

    /** Breaks the stream as a lost connection would. */
    public void breakOff() {
        requests.onError(new RuntimeException("connection lost"));
    }

    public Result await() {
        try {
            return result.get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("no answer to the Ingest call", e);
        }
    }

    public static IngestRequest header(String jobId) {
        return IngestRequest.newBuilder()
                .setHeader(IngestHeader.newBuilder().setJobId(jobId).setSource("test"))
                .build();
    }

    public static IngestRequest header(String jobId, long maxRejected) {
        return IngestRequest.newBuilder()
                .setHeader(IngestHeader.newBuilder()
                        .setJobId(jobId)
                        .setSource("test")
                        .setMaxRejected(maxRejected))
                .build();
    }

    public static IngestRequest chunk(long firstOffset, List<ProductRow> rows) {
        return IngestRequest.newBuilder()
                .setChunk(RowChunk.newBuilder().setFirstOffset(firstOffset).addAllRows(rows))
                .build();
    }

    public static List<IngestRequest> chunks(long firstOffset, List<ProductRow> rows, int chunkRows) {
        List<IngestRequest> chunks = new ArrayList<>();
        for (int i = 0; i < rows.size(); i += chunkRows) {
            chunks.add(chunk(firstOffset + i, rows.subList(i, Math.min(rows.size(), i + chunkRows))));
        }
        return chunks;
    }
}
