package dev.productingest.client;

import io.grpc.ManagedChannel;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

/**
 * What a client holds open, closed together: its one channel, workers for sources, polls and retries, and one ticker
 * for progress. The threads are daemons, so that a client the caller forgot to close never keeps the JVM alive.
 */
final class ClientConnection implements AutoCloseable {
    private final ManagedChannel channel;
    private final ExecutorService workers = Executors.newCachedThreadPool(daemon("ingest-client-source"));
    private final ScheduledExecutorService ticks =
            Executors.newSingleThreadScheduledExecutor(daemon("ingest-client-progress"));

    ClientConnection(List<String> targets, TransportSecurity security) {
        this.channel = ClientChannels.open(targets, security);
    }

    ManagedChannel channel() {
        return channel;
    }

    ExecutorService workers() {
        return workers;
    }

    ScheduledExecutorService ticks() {
        return ticks;
    }

    @Override
    public void close() throws InterruptedException {
        workers.shutdownNow();
        ticks.shutdownNow();
        ClientChannels.close(channel);
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
