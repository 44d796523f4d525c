package dev.productingest.server.jobs;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import dev.productingest.server.store.JobRecord;
import dev.productingest.server.store.JobStatus;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Jobs this server ended, by how they ended: {@code ingest.jobs.completed}, {@code .failed}, {@code .cancelled}. */
public final class JobEndMeters implements CommitListener {
    private final Map<JobStatus, Meter> ended = new EnumMap<>(JobStatus.class);

    public JobEndMeters(MetricRegistry metrics) {
        for (JobStatus state : JobStatus.values()) {
            if (state != JobStatus.RUNNING) {
                ended.put(state, metrics.meter(MetricRegistry.name("ingest", "jobs", state.name().toLowerCase(Locale.ROOT))));
            }
        }
    }

    @Override
    public void batchCommitted(JobRecord job, List<String> writtenSkus) {
    }

    @Override
    public void jobChanged(JobRecord job) {
        Meter meter = ended.get(job.state());
        if (meter != null) {
            meter.mark();
        }
    }
}
