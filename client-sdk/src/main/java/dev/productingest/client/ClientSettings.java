package dev.productingest.client;

import java.net.URI;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What an {@link IngestClient.Builder} was told, with the defaults of what it was not: each value checked as it is set,
 * so that a wrong one fails where the caller set it.
 */
final class ClientSettings {
    private final List<String> targets;
    private int chunkRows = 1000;
    private long chunkBytes = 1024 * 1024;
    private long maxMessageBytes = 4 * 1024 * 1024;
    private Duration stallTimeout = Duration.ofMinutes(2);
    private Duration deadline;
    private RetryPolicy retry = RetryPolicy.defaults();
    private IngestClient.RetryListener retryListener = (attempt, attempts, failure, wait) -> {};
    private String bearerToken;
    private boolean tls;
    private KeyStore trust;
    private KeyStore clientKeys;
    private char[] clientKeysPassword;
    private LoadProgress.Listener progressListener;
    private Duration progressInterval = Duration.ofSeconds(1);
    private URI restUrl;

    /** @param target "host:port", several of them comma-separated, or a gRPC name */
    ClientSettings(String target) {
        this.targets = List.of(target.split(",")).stream()
                .map(String::strip)
                .filter(t -> !t.isEmpty())
                .toList();
    }

    List<String> targets() {
        return targets;
    }

    Duration deadline() {
        return deadline;
    }

    RetryPolicy retry() {
        return retry;
    }

    IngestClient.RetryListener retryListener() {
        return retryListener;
    }

    void chunkRows(int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("chunkRows must be at least 1, got " + rows);
        }
        this.chunkRows = rows;
    }

    void chunkBytes(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("chunkBytes must be at least 1, got " + bytes);
        }
        this.chunkBytes = bytes;
    }

    void maxMessageBytes(long bytes) {
        if (bytes < 1024) {
            throw new IllegalArgumentException("maxMessageBytes must be at least 1024, got " + bytes);
        }
        this.maxMessageBytes = bytes;
    }

    void stallTimeout(Duration timeout) {
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("the stall timeout must be positive, got " + timeout);
        }
        this.stallTimeout = timeout;
    }

    void deadline(Duration deadline) {
        this.deadline = deadline;
    }

    void retry(RetryPolicy policy) {
        this.retry = policy;
    }

    void onRetry(IngestClient.RetryListener listener) {
        this.retryListener = listener;
    }

    void onProgress(Duration interval, LoadProgress.Listener listener) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the progress interval must be positive, got " + interval);
        }
        this.progressInterval = interval;
        this.progressListener = listener;
    }

    void tls() {
        this.tls = true;
    }

    void tls(KeyStore trustStore) {
        this.tls = true;
        this.trust = trustStore;
    }

    void clientCertificate(KeyStore keyStore, char[] password) {
        this.tls = true;
        this.clientKeys = keyStore;
        this.clientKeysPassword = password.clone();
    }

    void bearerToken(String token) {
        this.bearerToken = token == null || token.isBlank() ? null : token.strip();
    }

    void restUrl(String url) {
        URI uri = URI.create(url);
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException(
                    "restUrl must be an http or https URL with a host, such as http://localhost:8080; got " + url);
        }
        this.restUrl = uri;
    }

    TransportSecurity transportSecurity() {
        return new TransportSecurity(bearerToken, tls, trust, clientKeys, clientKeysPassword);
    }

    LoadSettings loadSettings() {
        return new LoadSettings(
                chunkRows, chunkBytes, maxMessageBytes, stallTimeout, deadline, progressListener, progressInterval);
    }

    /**
     * Reads from the application port, with the same token, trust and deadline as the gRPC calls; none without a
     * {@code restUrl}.
     */
    /** Reads from the application port, when its URL was given. */
    Optional<ProductReads> productReads() {
        return Optional.ofNullable(restUrl).map(url -> new ProductReads(url, bearerToken, trust, deadline));
    }
}
