package dev.productingest.server.jobs;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import dev.productingest.server.store.JobRecord;
import dev.productingest.server.store.JobStatus;
import io.prometheus.metrics.instrumentation.dropwizard5.labels.MapperConfig;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Jobs this server ended, by how they ended ({@code ingest.jobs.completed}, {@code .failed}, {@code .cancelled}), and
 * by the credential that owns them: its jobs by end state ({@code ingest.owners.<owner>.jobs.<state>}) and the rows
 * those jobs received ({@code ingest.owners.<owner>.rows}), so an operator sees which producer loads what.
 */
public final class JobEndMeters implements CommitListener {
    /**
     * Prometheus names with the owner and state as labels: {@code ingest_owner_jobs_total{owner,state}},
     * {@code ingest_owner_rows_total{owner}}.
     */
    public static final List<MapperConfig> PROMETHEUS = List.of(
            new MapperConfig("ingest.owners.*.jobs.*", "ingest_owner_jobs", Map.of("owner", "${0}", "state", "${1}")),
            new MapperConfig("ingest.owners.*.rows", "ingest_owner_rows", Map.of("owner", "${0}")));

    private final MetricRegistry metrics;
    private final Map<JobStatus, Meter> ended = new EnumMap<>(JobStatus.class);

    public JobEndMeters(MetricRegistry metrics) {
        this.metrics = metrics;
        for (JobStatus state : JobStatus.values()) {
            if (state != JobStatus.RUNNING) {
                ended.put(
                        state,
                        metrics.meter(MetricRegistry.name(
                                "ingest", "jobs", state.name().toLowerCase(Locale.ROOT))));
            }
        }
    }

    @Override
    public void jobChanged(JobRecord job) {
        Meter meter = ended.get(job.state());
        if (meter == null) {
            return;
        }
        meter.mark();
        String owner = ownerPart(job.owner());
        metrics.meter(MetricRegistry.name(
                        "ingest", "owners", owner, "jobs", job.state().name().toLowerCase(Locale.ROOT)))
                .mark();
        metrics.counter(MetricRegistry.name("ingest", "owners", owner, "rows")).inc(job.received());
    }

    /** The owner as one part of a metric name: a dot would split it (credential names may hold one). */
    static String ownerPart(String owner) {
        return owner == null ? "unknown" : owner.replace('.', '_');
    }
}
