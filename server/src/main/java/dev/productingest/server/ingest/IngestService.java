package dev.productingest.server.ingest;

import dev.productingest.server.progress.ProgressTracker;
import dev.productingest.v1.GetJobRequest;
import dev.productingest.v1.IngestRequest;
import dev.productingest.v1.IngestSummary;
import dev.productingest.v1.Job;
import dev.productingest.v1.ProductIngestGrpc;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/** The ProductIngest gRPC service. Per-call state lives in {@link IngestStream}. */
public final class IngestService extends ProductIngestGrpc.ProductIngestImplBase {
    private final IngestContext context;
    private final ProgressTracker progress;

    IngestService(IngestContext context, ProgressTracker progress) {
        this.context = context;
        this.progress = progress;
    }

    @Override
    public StreamObserver<IngestRequest> ingest(StreamObserver<IngestSummary> responseObserver) {
        ServerCallStreamObserver<IngestSummary> call = (ServerCallStreamObserver<IngestSummary>) responseObserver;
        if (!context.streamSlots().tryAcquire()) {
            call.onError(Status.RESOURCE_EXHAUSTED.withDescription("this server already runs "
                    + context.settings().getMaxStreams() + " ingest streams; retry later or on another server").asRuntimeException());
            return new DiscardingObserver();
        }
        IngestStream stream = new IngestStream(call, context);
        stream.start();
        return stream;
    }

    @Override
    public void getJob(GetJobRequest request, StreamObserver<Job> responseObserver) {
        try {
            responseObserver.onNext(context.jobs().describe(context.jobs().lookup(request.getJobId())));
            responseObserver.onCompleted();
        } catch (RuntimeException e) {
            responseObserver.onError(IngestStatus.of(e));
        }
    }

    @Override
    public void watchJob(GetJobRequest request, StreamObserver<Job> responseObserver) {
        ServerCallStreamObserver<Job> call = (ServerCallStreamObserver<Job>) responseObserver;
        new JobWatch(call, context.jobs(), progress, context.timer(), context.reads(), request.getJobId()).start();
    }

    /** Swallows the messages of a call that was refused. */
    private static final class DiscardingObserver implements StreamObserver<IngestRequest> {
        @Override
        public void onNext(IngestRequest value) {
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onCompleted() {
        }
    }
}
