package dev.productingest.server.ingest.rpc;

import dev.productingest.server.auth.Caller;
import dev.productingest.server.ingest.job.IngestJobs;
import dev.productingest.server.ingest.job.JobSummaries;
import dev.productingest.server.ingest.stream.IngestStatus;
import dev.productingest.server.jobs.CommitChannel;
import dev.productingest.server.jobs.JobProgress;
import dev.productingest.server.jobs.Subscription;
import dev.productingest.v1.Job;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One WatchJob call: the job now, then each change published by whichever server writes it, until the job ends or the
 * client goes away. A slow poll backs the pub/sub up, so a watch still moves (from PostgreSQL) while Redis is down.
 */
final class JobWatch implements LastingReads.Read {
    private static final Duration POLL = Duration.ofSeconds(2);

    private final ServerCallStreamObserver<Job> call;
    private final IngestJobs jobs;
    private final CommitChannel commits;
    private final ScheduledExecutorService timer;
    private final Executor reads;
    private final String jobId;
    private final Caller caller;
    private final LastingReads lasting;
    private boolean readable;
    private JobProgress last;
    // The last message sent: its first rejected rows stand until the job's rejected count moves.
    private Job sent;
    private boolean closed;
    // The latest state arrived while the caller was not taking messages: sent when it is ready, so
    // a slow watcher gets fewer, newer states instead of a growing queue.
    private boolean unsent;
    private Subscription subscription;
    private ScheduledFuture<?> poll;

    JobWatch(
            ServerCallStreamObserver<Job> call,
            IngestJobs jobs,
            CommitChannel commits,
            ScheduledExecutorService timer,
            Executor reads,
            String jobId,
            Caller caller,
            LastingReads lasting) {
        this.call = call;
        this.jobs = jobs;
        this.commits = commits;
        this.timer = timer;
        this.reads = reads;
        this.jobId = jobId;
        this.caller = caller;
        this.lasting = lasting;
    }

    void start() {
        call.setOnCancelHandler(this::close);
        call.setOnReadyHandler(() -> onReads(this::sendIfUnsent));
        // Subscribed before the first read, so no change falls between the two.
        subscription = commits.watch(jobId, changed -> onReads(() -> offer(changed)));
        try {
            reads.execute(this::first);
        } catch (RejectedExecutionException full) {
            fail(IngestStatus.readsFull());
        }
        lasting.opened(this);
        synchronized (this) {
            // Closed before it was counted open: close() found nothing to take back.
            if (closed) {
                lasting.ended(this);
            }
        }
    }

    @Override
    public void serverStopping() {
        fail(Status.UNAVAILABLE
                .withDescription("this server is shutting down; watch job " + jobId + " again, on another server")
                .asRuntimeException());
    }

    /** The job as it stands, once the caller is known to be allowed to read it, then a poll for what events miss. */
    private void first() {
        JobProgress found;
        try {
            found = jobs.lookup(jobId, caller);
        } catch (RuntimeException e) {
            fail(e);
            return;
        }
        synchronized (this) {
            readable = true;
        }
        offer(found);
        sendIfUnsent();
        ScheduledFuture<?> scheduled = timer.scheduleWithFixedDelay(
                () -> onReads(this::refresh), POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
        synchronized (this) {
            poll = scheduled;
            if (closed) {
                scheduled.cancel(false);
            }
        }
    }

    private void refresh() {
        try {
            offer(jobs.lookup(jobId));
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    private synchronized void offer(JobProgress job) {
        if (closed || !isNewer(job)) {
            return;
        }
        last = job.seenBy(caller);
        unsent = true;
        sendIfUnsent();
    }

    private synchronized void sendIfUnsent() {
        // A change may arrive before the first read has checked the caller: it waits, and is never sent if that check
        // fails.
        if (closed || !unsent || !readable || !call.isReady()) {
            return;
        }
        unsent = false;
        sent = message(last);
        call.onNext(sent);
        if (last.isEnded()) {
            close();
            call.onCompleted();
        }
    }

    /**
     * The job as a message. Its first rejected rows are read again only when its rejected count moved since the last
     * message sent: rejects are stored with the counts that include them, so an unchanged count means an unchanged
     * list, and a watch costs no read of them per commit or poll.
     */
    private Job message(JobProgress job) {
        if (sent != null && sent.getSummary().getRejected() == job.rejected()) {
            return JobSummaries.job(job, sent.getSummary().getFirstRejectsList());
        }
        return jobs.describe(job);
    }

    /** On the read pool; when it is full, this change is skipped: the next poll or change brings the job up to date. */
    private void onReads(Runnable step) {
        try {
            reads.execute(step);
        } catch (RejectedExecutionException full) {
            // the poll comes again within a second
        }
    }

    private boolean isNewer(JobProgress job) {
        return last == null || job.isNewerThan(last);
    }

    private synchronized void fail(RuntimeException e) {
        if (!closed) {
            close();
            call.onError(IngestStatus.of(e));
        }
    }

    private synchronized void close() {
        closed = true;
        lasting.ended(this);
        if (subscription != null) {
            subscription.close();
        }
        if (poll != null) {
            poll.cancel(false);
        }
    }
}
