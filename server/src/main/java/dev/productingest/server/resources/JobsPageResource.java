package dev.productingest.server.resources;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /}: the live jobs page, one file of HTML, CSS and JavaScript in the jar, reading {@code /jobs} and
 * {@code /live/jobs}.
 */
@Path("/")
@RolesAllowed("read")
public final class JobsPageResource {
    private final byte[] page;

    public JobsPageResource() {
        try (InputStream in = JobsPageResource.class.getResourceAsStream("/page/jobs.html")) {
            if (in == null) {
                throw new IllegalStateException("page/jobs.html is missing from the jar");
            }
            this.page = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @GET
    @Produces(MediaType.TEXT_HTML + ";charset=utf-8")
    public byte[] page() {
        return page;
    }
}
