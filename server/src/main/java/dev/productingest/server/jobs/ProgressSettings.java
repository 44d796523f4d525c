package dev.productingest.server.jobs;

import java.time.Duration;

/** How long a job's progress stays in Redis: while it runs (renewed by every batch), and once it has ended. */
public record ProgressSettings(Duration runningTtl, Duration endedTtl) {}
