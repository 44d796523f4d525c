package dev.productingest.server.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.productingest.server.embedded.EmbeddedRedisServer;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import java.nio.file.Path;
import java.util.Arrays;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * Redis through Redisson. {@code url}: {@code redis://host:port} (one server),
 * {@code redis://h1:p1,redis://h2:p2} (a cluster's nodes), or the sentinels' addresses with
 * {@code sentinelMaster} set; {@code embedded} starts a Redis of the server's own.
 */
public class RedisFactory {
    /** The URL that asks for the embedded Redis; config.yml uses it when REDIS_URL is unset. */
    public static final String EMBEDDED = "embedded";

    @NotEmpty
    private String url = EMBEDDED;

    private String sentinelMaster;

    @NotEmpty
    private String embeddedDataDirectory = "./data/redis";

    /** Every key and channel starts with this, so several deployments can share one Redis. */
    @NotEmpty
    private String namespace = "product-ingest";

    // Short: Redis is a cache and a progress board here, never worth stalling ingest for.
    @Min(1)
    private int timeoutMs = 1000;

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
    public int getTimeoutMs() {
        return timeoutMs;
    }

    @JsonProperty
    public void setTimeoutMs(int timeoutMs) {
        this.timeoutMs = timeoutMs;
    }

    @JsonProperty
    public int getRetryAttempts() {
        return retryAttempts;
    }

    @JsonProperty
    public void setRetryAttempts(int retryAttempts) {
        this.retryAttempts = retryAttempts;
    }

    /** A Redisson client, started now and shut down with the application; the embedded Redis first when asked for. */
    public RedissonClient build(Environment environment) throws Exception {
        String address = url.strip();
        if (EMBEDDED.equals(address)) {
            EmbeddedRedisServer embedded = EmbeddedRedisServer.start(Path.of(embeddedDataDirectory));
            environment.lifecycle().manage(embedded);
            address = embedded.url();
        }
        RedissonClient client = Redisson.create(config(address));
        environment.lifecycle().manage(new Managed() {
            @Override
            public void stop() {
                client.shutdown();
            }
        });
        return client;
    }

    Config config(String address) {
        Config config = new Config();
        String[] nodes = Arrays.stream(address.split(",")).map(String::strip).toArray(String[]::new);
        if (sentinelMaster != null && !sentinelMaster.isBlank()) {
            config.useSentinelServers().setMasterName(sentinelMaster).addSentinelAddress(nodes)
                    .setTimeout(timeoutMs).setRetryAttempts(retryAttempts).setCheckSentinelsList(false);
        } else if (nodes.length > 1) {
            config.useClusterServers().addNodeAddress(nodes).setTimeout(timeoutMs).setRetryAttempts(retryAttempts);
        } else {
            // Reconnects on its own after Redis comes back; nothing here needs a restart.
            config.useSingleServer().setAddress(nodes[0]).setTimeout(timeoutMs).setRetryAttempts(retryAttempts)
                    .setConnectionMinimumIdleSize(2).setConnectionPoolSize(16);
        }
        return config;
    }
}
