package dev.productingest.server.jobs;

import java.net.URI;
import java.time.Duration;

/** Where each finished job's summary is posted, and how often a failed post is tried, with doubling waits. */
public record WebhookSettings(URI url, int attempts, Duration firstBackoff) {
}
