package dev.productingest.server.resources;

import de.siegmar.fastcsv.writer.CsvWriter;
import dev.productingest.csv.RejectCsv;
import dev.productingest.server.api.JobView;
import dev.productingest.server.api.RejectPage;
import dev.productingest.server.jobs.JobLookup;
import dev.productingest.server.jobs.JobProgress;
import dev.productingest.server.store.JobStatus;
import dev.productingest.server.store.RejectStore;
import dev.productingest.v1.RowError;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/** Ingest jobs: one job, jobs by state, and a job's rejected rows. The same answer from every server. */
@Path("/jobs")
@RolesAllowed("read")
@Produces(MediaType.APPLICATION_JSON)
public final class JobResource {
    private static final int CSV_PAGE = 1_000;

    private final JobLookup jobs;
    private final RejectStore rejects;
    private final RequestParameters parameters;

    public JobResource(JobLookup jobs, RejectStore rejects, RequestParameters parameters) {
        this.jobs = jobs;
        this.rejects = rejects;
        this.parameters = parameters;
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({"read", "ingest"})
    public JobView job(@PathParam("id") String jobId, @Context SecurityContext security) {
        return JobView.of(readable(parameters.jobId("id", jobId), security));
    }

    @GET
    public List<JobView> list(
            @QueryParam("state") @DefaultValue("RUNNING") String state,
            @QueryParam("after") String afterJobId,
            @QueryParam("limit") String limit) {
        return jobs.list(state(state), parameters.afterJobId(afterJobId), parameters.limit(limit)).stream()
                .map(JobView::of)
                .toList();
    }

    @GET
    @Path("/{id}/rejects")
    @RolesAllowed({"read", "ingest"})
    public RejectPage rejects(
            @PathParam("id") String jobId,
            @QueryParam("after") String afterOffset,
            @QueryParam("limit") String limit,
            @Context SecurityContext security) {
        long after = parameters.afterOffset(afterOffset);
        int n = parameters.limit(limit);
        readable(parameters.jobId("id", jobId), security);
        List<RowError> page = rejects.list(jobId, after, n);
        List<RejectPage.Reject> rows = page.stream()
                .map(e -> new RejectPage.Reject(e.getOffset(), e.getSku(), e.getField(), e.getReason()))
                .toList();
        return new RejectPage(rows, rows.size() == n ? rows.get(n - 1).offset() : null);
    }

    /**
     * Every rejected row of a job, as a CSV file to download: offset, sku, field, reason, safe to open in a
     * spreadsheet.
     */
    @GET
    @Path("/{id}/rejects.csv")
    @RolesAllowed({"read", "ingest"})
    @Produces("text/csv;charset=utf-8")
    public Response rejectsCsv(@PathParam("id") String jobId, @Context SecurityContext security) {
        String id = parameters.jobId("id", jobId);
        readable(id, security);
        StreamingOutput csv = out -> {
            try (CsvWriter writer = CsvWriter.builder().build(new OutputStreamWriter(out, StandardCharsets.UTF_8))) {
                writer.writeRecord(RejectCsv.HEADER);
                long after = -1;
                List<RowError> page;
                do {
                    page = rejects.list(id, after, CSV_PAGE);
                    for (RowError e : page) {
                        writer.writeRecord(RejectCsv.record(e));
                    }
                    after = page.isEmpty() ? after : page.get(page.size() - 1).getOffset();
                } while (page.size() == CSV_PAGE);
            }
        };
        return Response.ok(csv)
                .header(
                        "Content-Disposition",
                        "attachment; filename=\"" + id.replaceAll("[^A-Za-z0-9._-]", "_") + "-rejects.csv\"")
                .build();
    }

    /**
     * The job, when the request's caller may read it (every job with the read scope, a producer's own); 404 otherwise,
     * as for no job.
     */
    private JobProgress readable(String jobId, SecurityContext security) {
        return CallerFilter.of(security)
                .flatMap(caller -> jobs.findFor(caller, jobId))
                .orElseThrow(() -> noJob(jobId));
    }

    private static JobStatus state(String text) {
        try {
            return JobStatus.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("state '" + text + "' is not one of RUNNING, COMPLETED, FAILED, CANCELLED");
        }
    }

    private static NotFoundException noJob(String jobId) {
        return new NotFoundException("no job '" + jobId + "'");
    }
}
