package dev.productingest.server.resources;

import dev.productingest.server.api.JobView;
import dev.productingest.server.jobs.JobProgress;
import dev.productingest.server.jobs.LiveJobFeed;
import dev.productingest.server.jobs.ProgressTracker;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

/**
 * {@code GET /live/jobs}: server-sent events, one {@code job} event (the job as {@code /jobs/{id}}
 * shows it) per job that changed, at most twice a second, from every server; a comment every 15 s
 * keeps the connection and notices a viewer who left. The jobs page reads it.
 */
@Path("/live")
@RolesAllowed("read")
public final class LiveJobsResource {
    private static final Duration PERIOD = Duration.ofMillis(500);
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final ProgressTracker progress;
    private final ScheduledExecutorService timer;

    public LiveJobsResource(ProgressTracker progress, ScheduledExecutorService timer) {
        this.progress = progress;
        this.timer = timer;
    }

    @GET
    @Path("/jobs")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void jobs(@Context SseEventSink sink, @Context Sse sse) {
        LiveJobFeed.open(progress, timer, PERIOD, KEEP_ALIVE, changes -> {
            if (sink.isClosed()) {
                throw new IllegalStateException("the viewer left");
            }
            if (changes.isEmpty()) {
                sink.send(sse.newEventBuilder().comment("still here").build()).toCompletableFuture().join();
            }
            for (JobProgress job : changes) {
                OutboundSseEvent event = sse.newEventBuilder().name("job").mediaType(MediaType.APPLICATION_JSON_TYPE)
                        .data(JobView.class, JobView.of(job)).build();
                sink.send(event).toCompletableFuture().join();
            }
        });
    }
}
