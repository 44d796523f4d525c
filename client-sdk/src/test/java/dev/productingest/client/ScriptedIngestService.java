package dev.productingest.client;

import dev.productingest.v1.GetJobRequest;
import dev.productingest.v1.IngestRequest;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.Job;
import dev.productingest.v1.JobState;
import dev.productingest.v1.ProductIngestGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A ProductIngest server that plays a script, one step per Ingest call, and keeps each job's committed offset and state
 * for GetJob and CancelJob: what the client does with each answer is then checked without a real server.
 */
final class ScriptedIngestService extends ProductIngestGrpc.ProductIngestImplBase {
    /** How one Ingest call goes. */
    sealed interface Step permits RefuseAtStart, FailAfterRows, Complete, NeverAnswer {}

    /** Ends the call before asking for a message past the header: the client reads no row. */
    record RefuseAtStart(Status status) implements Step {}

    /** Takes rows, commits what it took once it has {@code rows} of them, then fails the call. */
    record FailAfterRows(long rows, Status status) implements Step {}

    /** Takes every row and answers with the summary of a COMPLETED job. */
    record Complete() implements Step {}

    /** Takes every row and never answers: for deadlines and cancels. */
    record NeverAnswer() implements Step {}

    private final Queue<Step> script = new ConcurrentLinkedQueue<>();
    private final Map<String, IngestSummary> jobs = new ConcurrentHashMap<>();
    /** The first offset of each call's first chunk, -1 for a call that sent none. */
    final List<Long> firstOffsets = new CopyOnWriteArrayList<>();

    ScriptedIngestService then(Step step) {
        script.add(step);
        return this;
    }

    int calls() {
        return firstOffsets.size();
    }

    /** A job ended as the server would end it after a deadline or a cancel. */
    void end(String jobId, JobState state) {
        jobs.compute(jobId, (id, job) -> summary(id, job == null ? 0 : job.getCommittedOffset(), state));
    }

    @Override
    public StreamObserver<IngestRequest> ingest(StreamObserver<IngestSummary> answer) {
        Step step = script.remove();
        int call = firstOffsets.size();
        firstOffsets.add(-1L);
        return new StreamObserver<>() {
            private String jobId;
            private long next = -1;
            private long taken;
            private boolean ended;

            @Override
            public void onNext(IngestRequest request) {
                if (ended) {
                    return;
                }
                if (request.hasHeader()) {
                    jobId = request.getHeader().getJobId();
                    if (step instanceof RefuseAtStart refuse) {
                        end(refuse.status());
                    }
                    return;
                }
                long first = request.getChunk().getFirstOffset();
                if (next < 0) {
                    firstOffsets.set(call, first);
                }
                next = first
                        + request.getChunk().getRowsCount()
                        + request.getChunk().getUnreadableCount();
                taken += next - first;
                if (step instanceof FailAfterRows fail && taken >= fail.rows()) {
                    jobs.put(jobId, summary(jobId, next, JobState.RUNNING));
                    end(fail.status());
                }
            }

            @Override
            public void onError(Throwable t) {
                ended = true;
            }

            @Override
            public void onCompleted() {
                if (ended || step instanceof NeverAnswer) {
                    return;
                }
                IngestSummary done = summary(jobId, next, JobState.COMPLETED);
                jobs.put(jobId, done);
                answer.onNext(done);
                answer.onCompleted();
            }

            private void end(Status status) {
                ended = true;
                answer.onError(status.asRuntimeException());
            }
        };
    }

    @Override
    public void getJob(GetJobRequest request, StreamObserver<Job> answer) {
        IngestSummary job = jobs.get(request.getJobId());
        if (job == null) {
            answer.onError(Status.NOT_FOUND
                    .withDescription("no job " + request.getJobId())
                    .asRuntimeException());
            return;
        }
        answer.onNext(Job.newBuilder().setSummary(job).build());
        answer.onCompleted();
    }

    @Override
    public void cancelJob(GetJobRequest request, StreamObserver<IngestSummary> answer) {
        end(request.getJobId(), JobState.CANCELLED);
        answer.onNext(jobs.get(request.getJobId()));
        answer.onCompleted();
    }

    private static IngestSummary summary(String jobId, long committed, JobState state) {
        return IngestSummary.newBuilder()
                .setJobId(jobId)
                .setState(state)
                .setCommittedOffset(Math.max(0, committed))
                .setReceived(Math.max(0, committed))
                .setInserted(Math.max(0, committed))
                .build();
    }
}
