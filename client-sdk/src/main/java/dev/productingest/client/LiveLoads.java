package dev.productingest.client;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stream of each job this client is loading now, so that a cancel can end it, and the jobs the producer cancelled.
 */
final class LiveLoads {
    private final Map<String, ChunkSender> streams = new ConcurrentHashMap<>();
    private final Set<String> cancelled = ConcurrentHashMap.newKeySet();

    void started(String jobId, ChunkSender sender) {
        streams.put(jobId, sender);
    }

    void ended(String jobId, ChunkSender sender) {
        streams.remove(jobId, sender);
    }

    /** Ends this client's stream of the job, if it has one, marking the job so that its load does not retry. */
    void cancel(String jobId) {
        ChunkSender sender = streams.get(jobId);
        if (sender != null) {
            cancelled.add(jobId);
            sender.cancel("cancelled by the producer");
        }
    }

    /** Whether the producer cancelled the job, forgetting it: a later load of the same id starts clean. */
    boolean wasCancelled(String jobId) {
        return cancelled.remove(jobId);
    }
}
