package dev.productingest.server.resources;

import dev.productingest.server.api.JobView;
import dev.productingest.server.jobs.CommitChannel;
import dev.productingest.server.jobs.JobProgress;
import dev.productingest.server.jobs.LiveJobFeed;
import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import org.eclipse.jetty.ee10.servlet.ServletChannel;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;

/**
 * {@code GET /live/jobs}: server-sent events, one {@code job} event (the job as {@code /jobs/{id}} shows it) per job
 * that changed, at most twice a second, from every server; a comment every 15 s keeps the connection and notices a
 * viewer who left. The jobs page reads it.
 *
 * <p>At most {@code maxViewers} at once, each sent to on a thread of {@code sends} (a pool of that many threads): a
 * viewer beyond them is answered 503 ({@link LiveJobsFull}), and a viewer who takes no data for {@code sendTimeout} is
 * cut off, freeing its place.
 */
@Path("/live")
@RolesAllowed("read")
public final class LiveJobsResource {
    private static final Duration PERIOD = Duration.ofMillis(500);
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final CommitChannel commits;
    private final ScheduledExecutorService timer;
    private final Executor sends;
    private final LiveJobFeed.Timing timing;
    private final int maxViewers;
    private final Semaphore places;
    private final Set<SseViewer> served = ConcurrentHashMap.newKeySet();

    public LiveJobsResource(
            CommitChannel commits,
            ScheduledExecutorService timer,
            Executor sends,
            int maxViewers,
            Duration sendTimeout) {
        this.commits = commits;
        this.timer = timer;
        this.sends = sends;
        this.timing = new LiveJobFeed.Timing(PERIOD, KEEP_ALIVE, sendTimeout);
        this.maxViewers = maxViewers;
        this.places = new Semaphore(maxViewers);
    }

    @GET
    @Path("/jobs")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void jobs(@Context SseEventSink sink, @Context Sse sse, @Context HttpServletRequest request) {
        SseViewer viewer = new SseViewer(sink, sse, ServletContextRequest.getServletContextRequest(request));
        if (!places.tryAcquire()) {
            throw new LiveJobsFull(maxViewers);
        }
        served.add(viewer);
        try {
            viewer.feed = LiveJobFeed.open(commits, timer, sends, timing, viewer);
        } catch (RuntimeException e) {
            served.remove(viewer);
            places.release();
            throw e;
        }
    }

    /**
     * Cuts every viewer off at once. For a stopping server: an open feed is a request that never ends, which the server
     * would wait for until its stop timeout; the pages reconnect, to another server.
     */
    public void endAll() {
        served.forEach(SseViewer::end);
    }

    /** Viewers being served now. */
    public int viewers() {
        return maxViewers - places.availablePermits();
    }

    /** One viewer's connection. */
    private final class SseViewer implements LiveJobFeed.Viewer {
        private final SseEventSink sink;
        private final Sse sse;
        private final ServletContextRequest request;
        private volatile LiveJobFeed feed;

        SseViewer(SseEventSink sink, Sse sse, ServletContextRequest request) {
            this.sink = sink;
            this.sse = sse;
            this.request = request;
        }

        @Override
        public void send(List<JobProgress> changes) {
            if (sink.isClosed()) {
                throw new IllegalStateException("the viewer left");
            }
            if (changes.isEmpty()) {
                sink.send(sse.newEventBuilder().comment("still here").build())
                        .toCompletableFuture()
                        .join();
            }
            for (JobProgress job : changes) {
                OutboundSseEvent event = sse.newEventBuilder()
                        .name("job")
                        .mediaType(MediaType.APPLICATION_JSON_TYPE)
                        .data(JobView.class, JobView.of(job))
                        .build();
                sink.send(event).toCompletableFuture().join();
            }
        }

        @Override
        public void cutOff() {
            // A blocking write of the servlet API has no timeout of its own and ends only with the
            // response: aborting it closes the connection under the write, which then fails.
            ServletChannel channel = request == null ? null : request.getServletChannel();
            if (channel != null) {
                channel.abort(new IOException("the live feed cut this viewer off"));
            } else {
                sink.close();
            }
        }

        void end() {
            LiveJobFeed opened = feed;
            if (opened != null) {
                opened.cutOff();
            } else {
                cutOff();
            }
        }

        @Override
        public void ended() {
            served.remove(this);
            places.release();
        }
    }
}
