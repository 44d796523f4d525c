package dev.productingest.server.ingest.stream;

import dev.productingest.server.ingest.write.Batch;
import dev.productingest.server.ingest.write.BatchWriter;
import dev.productingest.server.store.JobRecord;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A batch writer that commits to {@link FakeJobs}. Tests can hold writes back ({@link #hold()}, then
 * {@link #allow(int)}) and make them fail ({@link #failWith}).
 */
final class FakeBatchWriter implements BatchWriter {
    private final FakeJobs jobs;
    private final Semaphore permits = new Semaphore(0);
    private volatile boolean holding;
    private final AtomicInteger waiting = new AtomicInteger();
    private volatile RuntimeException failure;
    final List<Batch> written = new CopyOnWriteArrayList<>();

    FakeBatchWriter(FakeJobs jobs) {
        this.jobs = jobs;
    }

    /** From now on each write waits for a permit. */
    void hold() {
        holding = true;
    }

    void allow(int writes) {
        permits.release(writes);
    }

    /** Lets every write through, those waiting now too. */
    void allowAll() {
        holding = false;
        permits.release(1_000_000);
    }

    /** Writes waiting for a permit now. */
    int waiting() {
        return waiting.get();
    }

    void failWith(RuntimeException failure) {
        this.failure = failure;
    }

    @Override
    public JobRecord write(Batch batch, UUID streamToken, JobRecord soFar) {
        if (holding) {
            waiting.incrementAndGet();
            try {
                permits.acquireUninterruptibly();
            } finally {
                waiting.decrementAndGet();
            }
        }
        if (failure != null) {
            throw failure;
        }
        JobRecord committed = jobs.commit(batch, streamToken);
        written.add(batch);
        return committed;
    }
}
