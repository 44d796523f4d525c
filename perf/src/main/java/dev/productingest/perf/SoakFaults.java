package dev.productingest.perf;

import dev.productingest.server.embedded.EmbeddedPostgresServer;
import dev.productingest.server.embedded.EmbeddedRedisServer;
import java.util.ArrayList;
import java.util.List;

/**
 * The restarts of the soak, for real: Redis stopped and started again at one moment of the run, PostgreSQL at another,
 * each down for {@code outageMillis}, on the same port and data.
 */
final class SoakFaults implements Runnable {
    /** A fault's moment in the run: when it began and ended, in seconds from the start. */
    record Event(String what, double downAt, double upAt) {}

    private final EmbeddedRedisServer redis;
    private final EmbeddedPostgresServer postgres;
    private final SoakPlan plan;
    private final SoakTally tally;
    private final long started;
    private final List<Event> events = new ArrayList<>();

    SoakFaults(
            EmbeddedRedisServer redis, EmbeddedPostgresServer postgres, SoakPlan plan, SoakTally tally, long started) {
        this.redis = redis;
        this.postgres = postgres;
        this.plan = plan;
        this.tally = tally;
        this.started = started;
    }

    @Override
    public void run() {
        try {
            waitUntil(plan.redisRestartAt());
            double down = seconds();
            redis.stop();
            Thread.sleep(plan.outage().toMillis());
            redis.restart();
            record("Redis restart", down);

            waitUntil(plan.postgresRestartAt());
            down = seconds();
            postgres.stop();
            Thread.sleep(plan.outage().toMillis());
            postgres.startAgain();
            record("PostgreSQL restart", down);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            tally.fail("a restart failed: " + e);
        }
    }

    synchronized List<Event> events() {
        return List.copyOf(events);
    }

    private synchronized void record(String what, double down) {
        events.add(new Event(what, down, seconds()));
        Bench.log("soak: %s, down from %.0f s to %.0f s", what, down, seconds());
    }

    private void waitUntil(double fraction) throws InterruptedException {
        long at = started + (long) (plan.duration().toNanos() * fraction);
        long left = at - System.nanoTime();
        if (left > 0) {
            Thread.sleep(left / 1_000_000);
        }
    }

    private double seconds() {
        return (System.nanoTime() - started) / 1e9;
    }
}
