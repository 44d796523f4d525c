package dev.productingest.server.jobs;

import java.net.URI;
import java.time.Duration;

/**
 * Where each finished job's summary is posted ({@code url} null: nowhere, the topic only), how often a failed post is
 * tried, and the first of the doubling waits between tries of an event.
 */
public record WebhookSettings(URI url, int attempts, Duration firstBackoff) {}
