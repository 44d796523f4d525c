package dev.productingest.server.redis;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.productingest.server.embedded.EmbeddedStores;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;
import org.redisson.config.Config;
import org.redisson.config.ReadMode;

/**
 * Redis through Redisson. {@code url}: {@code redis://host:port} (one server), {@code redis://h1:p1,redis://h2:p2} (a
 * cluster's nodes), or the sentinels' addresses with {@code sentinelMaster} set, each with a password when Redis asks
 * for one ({@code redis://:password@host:port}, see {@link RedisUrl}); {@link EmbeddedStores#URL} asks for a Redis of
 * the server's own, with its data in {@code embeddedDataDirectory}.
 */
public class RedisFactory {
    /**
     * Redisson's event-loop threads. Each starts when the first connection lands on it, and every connection attempt
     * lands on the next: with Redisson's default of 32, each reconnect after a Redis restart started more of them, for
     * the handful of connections the server keeps (a step of 20 threads in the soak, perf/RESULTS.md). Four carry its
     * traffic (a round trip per batch, the subscriptions, the near cache's invalidations) and are all started by its
     * first connections.
     */
    static final int EVENT_LOOP_THREADS = 4;

    @NotEmpty
    private String url = EmbeddedStores.URL;

    private String sentinelMaster;

    @NotEmpty
    private String embeddedDataDirectory = "./data/redis";

    /** Every key and channel starts with this, so several deployments can share one Redis. */
    @NotEmpty
    private String namespace = "product-ingest";

    // Short: Redis is a cache and a progress board here, never worth stalling ingest for.
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    private Duration timeout = Duration.seconds(1);

    @Min(0)
    private int retryAttempts = 1;

    @JsonProperty
    public String getUrl() {
        return url;
    }

    @JsonProperty
    public void setUrl(String url) {
        this.url = url;
    }

    @JsonProperty
    public String getSentinelMaster() {
        return sentinelMaster;
    }

    @JsonProperty
    public void setSentinelMaster(String sentinelMaster) {
        this.sentinelMaster = sentinelMaster;
    }

    @JsonProperty
    public String getEmbeddedDataDirectory() {
        return embeddedDataDirectory;
    }

    @JsonProperty
    public void setEmbeddedDataDirectory(String embeddedDataDirectory) {
        this.embeddedDataDirectory = embeddedDataDirectory;
    }

    @JsonProperty
    public String getNamespace() {
        return namespace;
    }

    @JsonProperty
    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    @JsonProperty
    public Duration getTimeout() {
        return timeout;
    }

    @JsonProperty
    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    @JsonProperty
    public int getRetryAttempts() {
        return retryAttempts;
    }

    @JsonProperty
    public void setRetryAttempts(int retryAttempts) {
        this.retryAttempts = retryAttempts;
    }

    /** The names of this deployment's keys and channels. */
    public RedisKeys keys() {
        return new RedisKeys(namespace);
    }

    /**
     * Redisson's configuration for the servers at {@code address}: the configured URL, or the embedded Redis's. A
     * password in the URL is given to every node: a cluster's and the master and replicas the sentinels name; the
     * sentinels themselves are asked first without one, then with the same one (Redisson's rule).
     */
    public Config config(String address) {
        RedisUrl url = RedisUrl.parse(address);
        Config config = new Config();
        String[] nodes = url.nodes().toArray(String[]::new);
        int timeoutMs = (int) timeout.toMilliseconds();
        // Reads go to masters: a producer that has its summary must not read its job RUNNING from a lagging replica.
        // A second's scan: a failed-over master is replaced within about that, not Redisson's default five.
        if (sentinelMaster != null && !sentinelMaster.isBlank()) {
            config.useSentinelServers()
                    .setMasterName(sentinelMaster)
                    .addSentinelAddress(nodes)
                    .setReadMode(ReadMode.MASTER)
                    .setScanInterval(1_000)
                    .setTimeout(timeoutMs)
                    .setRetryAttempts(retryAttempts)
                    .setCheckSentinelsList(false);
        } else if (nodes.length > 1) {
            config.useClusterServers()
                    .addNodeAddress(nodes)
                    .setReadMode(ReadMode.MASTER)
                    .setScanInterval(1_000)
                    .setTimeout(timeoutMs)
                    .setRetryAttempts(retryAttempts);
        } else {
            // Reconnects on its own after Redis comes back; nothing here needs a restart.
            config.useSingleServer()
                    .setAddress(nodes[0])
                    .setTimeout(timeoutMs)
                    .setRetryAttempts(retryAttempts)
                    .setConnectionMinimumIdleSize(2)
                    .setConnectionPoolSize(16);
        }
        return config.setNettyThreads(EVENT_LOOP_THREADS)
                .setUsername(url.username())
                .setPassword(url.password());
    }
}
