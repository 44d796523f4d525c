package dev.productingest.server.jobs;

import dev.productingest.server.redis.RedisKeys;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.redisson.api.RBatch;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.api.listener.StatusListener;
import org.redisson.client.codec.StringCodec;

/**
 * The one Redis channel that tells every server what was committed: a job's progress and the SKUs its batch wrote, in a
 * single PUBLISH per batch, so that job watchers and near caches on any server cost Redis nothing more. Each server
 * subscribes once and hands messages out in its JVM.
 *
 * <p>A message is the sending server's id, the job id, the job's progress as JSON, then one written SKU per line: JSON
 * written without indentation holds no newline, and SKUs hold no whitespace (the row rules). The sender's own cache
 * dropped its SKUs before sending, so it skips them when its message comes back.
 */
public final class CommitChannel {
    private final RTopic topic;
    private final String name;
    private final ProgressJson progressJson;
    private final String sender = UUID.randomUUID().toString();
    private final Map<String, List<Consumer<JobProgress>>> watchers = new ConcurrentHashMap<>();
    private final List<WrittenSkusListener> skuListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<JobProgress>> everyJobWatchers = new CopyOnWriteArrayList<>();

    public CommitChannel(RedissonClient redis, ProgressJson progressJson, RedisKeys keys) {
        this.name = keys.commits();
        this.topic = redis.getTopic(name, StringCodec.INSTANCE);
        this.progressJson = progressJson;
    }

    /** Told the SKUs other servers (and this one) wrote, to drop their cached copies. */
    public interface WrittenSkusListener {
        void written(List<String> skus);

        /** The subscription was (re)made: messages may have been missed while it was down. */
        void mayHaveMissed();
    }

    /** Starts this server's one subscription. */
    public CommitChannel subscribe() {
        topic.addListener(String.class, (channel, message) -> deliver(message));
        topic.addListener(new StatusListener() {
            @Override
            public void onSubscribe(String channel) {
                skuListeners.forEach(WrittenSkusListener::mayHaveMissed);
            }

            @Override
            public void onUnsubscribe(String channel) {
                skuListeners.forEach(WrittenSkusListener::mayHaveMissed);
            }
        });
        return this;
    }

    /** Adds the PUBLISH of one committed change to a Redis batch. */
    void publish(RBatch batch, String jobId, String progress, List<String> writtenSkus) {
        StringBuilder message =
                new StringBuilder(sender.length() + jobId.length() + progress.length() + 16 * writtenSkus.size() + 2);
        message.append(sender).append('\n').append(jobId).append('\n').append(progress);
        for (String sku : writtenSkus) {
            message.append('\n').append(sku);
        }
        batch.getTopic(name, StringCodec.INSTANCE).publishAsync(message.toString());
    }

    /** Calls the listener with each change of the job, from any server, until the subscription is closed. */
    public Subscription watch(String jobId, Consumer<JobProgress> listener) {
        // Added inside compute, so that a watch closing at the same moment cannot drop the list it joins.
        watchers.compute(jobId, (id, listeners) -> {
            List<Consumer<JobProgress>> joined = listeners == null ? new CopyOnWriteArrayList<>() : listeners;
            joined.add(listener);
            return joined;
        });
        return () -> watchers.computeIfPresent(jobId, (id, listeners) -> {
            listeners.remove(listener);
            return listeners.isEmpty() ? null : listeners;
        });
    }

    /** Calls the listener with each change of every job, from any server, until the subscription is closed. */
    public Subscription watchAll(Consumer<JobProgress> listener) {
        everyJobWatchers.add(listener);
        return () -> everyJobWatchers.remove(listener);
    }

    public void addWrittenSkusListener(WrittenSkusListener listener) {
        skuListeners.add(listener);
    }

    private void deliver(String message) {
        int senderEnd = message.indexOf('\n');
        int idEnd = message.indexOf('\n', senderEnd + 1);
        int progressEnd = message.indexOf('\n', idEnd + 1);
        List<Consumer<JobProgress>> watching = watchers.get(message.substring(senderEnd + 1, idEnd));
        if (watching != null || !everyJobWatchers.isEmpty()) {
            JobProgress progress = progressJson.read(
                    message.substring(idEnd + 1, progressEnd < 0 ? message.length() : progressEnd),
                    "a message on " + name);
            if (watching != null) {
                watching.forEach(listener -> listener.accept(progress));
            }
            everyJobWatchers.forEach(listener -> listener.accept(progress));
        }
        boolean fromHere = message.regionMatches(0, sender, 0, senderEnd) && senderEnd == sender.length();
        if (progressEnd >= 0 && !fromHere && !skuListeners.isEmpty()) {
            List<String> skus = List.of(message.substring(progressEnd + 1).split("\n"));
            skuListeners.forEach(listener -> listener.written(skus));
        }
    }
}
