package dev.productingest.server.ingest.job;

import dev.productingest.server.store.JobStore;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the leases of this instance's live streams from running out while they wait for rows, in one statement for all
 * of them. A lease that does run out (this instance died) frees the job for a resume elsewhere.
 */
public final class LeaseKeeper {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);

    private final JobStore jobs;
    private final Set<UUID> held = ConcurrentHashMap.newKeySet();

    public LeaseKeeper(JobStore jobs) {
        this.jobs = jobs;
    }

    public void start(ScheduledExecutorService timer, Duration lease) {
        long every = Math.max(1, lease.toMillis() / 3);
        timer.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    void hold(UUID token) {
        held.add(token);
    }

    void release(UUID token) {
        held.remove(token);
    }

    public int liveStreams() {
        return held.size();
    }

    private void renew() {
        try {
            jobs.renewLeases(Set.copyOf(held));
        } catch (RuntimeException e) {
            LOG.warn("could not renew the leases of {} streams", held.size(), e);
        }
    }
}
