package dev.productingest.server.ingest.rpc;

import dev.productingest.rules.JobId;
import dev.productingest.server.auth.Caller;
import dev.productingest.server.auth.Callers;
import dev.productingest.server.auth.Scope;
import dev.productingest.server.grpc.CallsPerCaller;
import dev.productingest.server.grpc.MethodScopes;
import dev.productingest.server.ingest.job.IngestJobs;
import dev.productingest.server.ingest.stream.IngestContext;
import dev.productingest.server.ingest.stream.IngestHeaders;
import dev.productingest.server.ingest.stream.IngestMessage;
import dev.productingest.server.ingest.stream.IngestMessages;
import dev.productingest.server.ingest.stream.IngestStatus;
import dev.productingest.server.ingest.stream.IngestStream;
import dev.productingest.server.jobs.CommitChannel;
import dev.productingest.server.store.RejectStore;
import dev.productingest.v1.GetJobRequest;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.Job;
import dev.productingest.v1.ListRejectsRequest;
import dev.productingest.v1.ProductIngestGrpc;
import dev.productingest.v1.RowError;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The ProductIngest gRPC service. Per-call state lives in {@link IngestStream}. Every call arrives with its caller
 * named ({@link Callers}); which scopes each method needs is written once, in {@link #definition()}, and the rules that
 * depend on a job's owner are {@link Caller}'s.
 */
public final class IngestService extends ProductIngestGrpc.ProductIngestImplBase {
    private final IngestContext context;
    private final IngestJobs jobs;
    private final RejectStore rejects;
    private final Set<IngestStream> live = ConcurrentHashMap.newKeySet();
    private final LastingReads lastingReads = new LastingReads();
    private volatile boolean stopping;
    private final CommitChannel commits;
    private final StreamAdmission admission;
    private final CallerLimits limits;

    /** How many watches and reject listings one credential may have open on this server at once. */
    public record CallerLimits(int watches, int rejectListings) {}

    public IngestService(
            IngestContext context,
            IngestJobs jobs,
            RejectStore rejects,
            CommitChannel commits,
            StreamAdmission admission,
            CallerLimits limits) {
        this.context = context;
        this.jobs = jobs;
        this.rejects = rejects;
        this.commits = commits;
        this.admission = admission;
        this.limits = limits;
    }

    /**
     * The service as the server runs it, for callers already named: each method's scopes checked first, then each
     * credential's share of watches and listings, then stream admission; and Ingest's messages handed to its stream
     * unparsed, to be counted against the memory budget first (and answered as INVALID_ARGUMENT when they are no
     * IngestRequest).
     */
    public ServerServiceDefinition definition() {
        MethodScopes scopes = new MethodScopes()
                .allow(ProductIngestGrpc.getIngestMethod(), Scope.INGEST)
                .allow(ProductIngestGrpc.getGetJobMethod(), Scope.READ, Scope.INGEST)
                .allow(ProductIngestGrpc.getWatchJobMethod(), Scope.READ, Scope.INGEST)
                .allow(ProductIngestGrpc.getListRejectsMethod(), Scope.READ, Scope.INGEST)
                .allow(ProductIngestGrpc.getCancelJobMethod(), Scope.INGEST, Scope.ADMIN);
        // The last interceptor listed runs first.
        return ServerInterceptors.intercept(
                IngestMessages.apply(bindService(), this::openStream),
                admission,
                new CallsPerCaller(
                        ProductIngestGrpc.getListRejectsMethod(), "reject listings", limits.rejectListings()),
                new CallsPerCaller(ProductIngestGrpc.getWatchJobMethod(), "watches", limits.watches()),
                scopes);
    }

    /** An Ingest call, whose messages arrive unparsed ({@link IngestMessages}). */
    private StreamObserver<IngestMessage> openStream(StreamObserver<IngestSummary> responseObserver) {
        ServerCallStreamObserver<IngestSummary> call = (ServerCallStreamObserver<IngestSummary>) responseObserver;
        IngestStream stream = new IngestStream(call, context, Callers.current());
        live.add(stream);
        stream.letGo().whenComplete((done, error) -> {
            synchronized (live) {
                live.remove(stream);
                live.notifyAll();
            }
        });
        stream.start();
        if (stopping) {
            stream.serverStopping(); // a call gRPC had taken before the stop began, started after endCalls looked
        }
        return stream;
    }

    /**
     * The server is stopping and takes no new calls: ends every live stream (after the batch it is writing, its job
     * released for the producer to resume elsewhere) and every watch and reject listing now as UNAVAILABLE, then waits,
     * {@code within} at most, until every stream has let go of its job. Streams already finishing end on their own.
     */
    public void endCalls(Duration within) {
        stopping = true;
        live.forEach(IngestStream::serverStopping);
        // On a thread of their own: ending a read waits for a page it may be reading, from a database that may not
        // answer, and must not hold up the streams' ends.
        Thread reads = new Thread(lastingReads::endAll, "ending-reads");
        reads.setDaemon(true);
        reads.start();
        long deadline = System.nanoTime() + within.toNanos();
        synchronized (live) {
            try {
                for (long left = within.toNanos(); !live.isEmpty() && left > 0; left = deadline - System.nanoTime()) {
                    TimeUnit.NANOSECONDS.timedWait(live, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // A job not let go by then is freed when its lease runs out.
    }

    @Override
    public void getJob(GetJobRequest request, StreamObserver<Job> responseObserver) {
        if (isValidJobId(request.getJobId(), responseObserver)) {
            Caller caller = Callers.current();
            onReads(
                    responseObserver,
                    () -> answer(responseObserver, () -> jobs.describe(jobs.lookup(request.getJobId(), caller))));
        }
    }

    @Override
    public void watchJob(GetJobRequest request, StreamObserver<Job> responseObserver) {
        if (isValidJobId(request.getJobId(), responseObserver)) {
            ServerCallStreamObserver<Job> call = (ServerCallStreamObserver<Job>) responseObserver;
            new JobWatch(
                            call,
                            jobs,
                            commits,
                            context.timer(),
                            context.reads(),
                            request.getJobId(),
                            Callers.current(),
                            lastingReads)
                    .start();
        }
    }

    @Override
    public void cancelJob(GetJobRequest request, StreamObserver<IngestSummary> responseObserver) {
        if (isValidJobId(request.getJobId(), responseObserver)) {
            Caller caller = Callers.current();
            onReads(responseObserver, () -> answer(responseObserver, () -> jobs.cancel(request.getJobId(), caller)));
        }
    }

    /**
     * A job id as the header's rule has it, or the call answered INVALID_ARGUMENT: no other id is looked up, echoed or
     * logged.
     */
    private static boolean isValidJobId(String jobId, StreamObserver<?> call) {
        if (JobId.isValid(jobId)) {
            return true;
        }
        call.onError(IngestStatus.invalid(IngestHeaders.jobIdRule("job_id")));
        return false;
    }

    /**
     * Runs a job read on the read pool, off the gRPC callback threads that ingest streams share: no number of readers
     * slows ingest. A full pool answers RESOURCE_EXHAUSTED, which clients retry.
     */
    private void onReads(StreamObserver<?> call, Runnable read) {
        try {
            context.reads().execute(read);
        } catch (RejectedExecutionException full) {
            call.onError(IngestStatus.readsFull());
        }
    }

    /** A unary call's one answer, or the status its failure maps to. */
    private static <T> void answer(StreamObserver<T> responseObserver, Supplier<T> result) {
        try {
            responseObserver.onNext(result.get());
            responseObserver.onCompleted();
        } catch (RuntimeException e) {
            responseObserver.onError(IngestStatus.of(e));
        }
    }

    @Override
    public void listRejects(ListRejectsRequest request, StreamObserver<RowError> responseObserver) {
        if (!isValidJobId(request.getJobId(), responseObserver)) {
            return;
        }
        long after = request.hasAfterOffset() ? request.getAfterOffset() : -1;
        String jobId = request.getJobId();
        Caller caller = Callers.current();
        new RejectListing(
                        (ServerCallStreamObserver<RowError>) responseObserver,
                        context.reads(),
                        () -> jobs.lookup(jobId, caller),
                        (offset, limit) -> rejects.list(jobId, offset, limit),
                        after,
                        lastingReads)
                .start();
    }
}
