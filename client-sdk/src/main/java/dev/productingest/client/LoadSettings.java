package dev.productingest.client;

import java.time.Duration;

/**
 * How each stream of a load is sent: chunk limits, the server's message limit, the stall timeout and deadline (null:
 * none), and who hears of progress (null: nobody, and no GetJob calls for it).
 */
record LoadSettings(
        int chunkRows,
        long chunkBytes,
        long maxMessageBytes,
        Duration stallTimeout,
        Duration deadline,
        LoadProgress.Listener progressListener,
        Duration progressInterval) {}
