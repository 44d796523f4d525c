package dev.productingest.client;

import dev.productingest.v1.GetJobRequest;
import dev.productingest.v1.Job;
import dev.productingest.v1.ListRejectsRequest;
import dev.productingest.v1.ProductIngestGrpc;
import dev.productingest.v1.RowError;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Iterator;
import java.util.function.Consumer;

/**
 * The server-streaming job calls (WatchJob, ListRejects), each handed on item by item as it arrives. Without the
 * client's deadline: a watch lasts as long as its job.
 */
final class JobStreams {
    private final ManagedChannel channel;

    JobStreams(ManagedChannel channel) {
        this.channel = channel;
    }

    /** @return the job as it ended */
    Job watch(String jobId, Consumer<Job> onChange) {
        Job last = null;
        try {
            Iterator<Job> changes = ProductIngestGrpc.newBlockingStub(channel)
                    .watchJob(GetJobRequest.newBuilder().setJobId(jobId).build());
            while (changes.hasNext()) {
                last = changes.next();
                onChange.accept(last);
            }
        } catch (StatusRuntimeException e) {
            throw IngestException.of(e);
        }
        if (last == null) {
            throw new IngestException(
                    Status.Code.UNKNOWN, "the server ended the watch of job " + jobId + " without a word", null);
        }
        return last;
    }

    /** @return how many rejected rows there were */
    long rejects(String jobId, Consumer<RowError> each) {
        long count = 0;
        try {
            Iterator<RowError> rows = ProductIngestGrpc.newBlockingStub(channel)
                    .listRejects(ListRejectsRequest.newBuilder().setJobId(jobId).build());
            while (rows.hasNext()) {
                each.accept(rows.next());
                count++;
            }
        } catch (StatusRuntimeException e) {
            throw IngestException.of(e);
        }
        return count;
    }
}
