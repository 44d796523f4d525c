package dev.productingest.server.ingest.rpc;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The job reads open on this server that last as long as their callers want: WatchJob calls (until the job ends) and
 * ListRejects calls (while the caller takes its rows). A stopping server ends them at once as UNAVAILABLE, saying to
 * call again elsewhere: gRPC's shutdown waits for every call to end, and these would hold the stop for the whole
 * {@code grpc.shutdownGrace}, then be cut off as CANCELLED, with no word of where to go.
 */
final class LastingReads {
    /** A lasting read's part in a stop. */
    interface Read {
        /** Ends the call as UNAVAILABLE, unless it has ended. */
        void serverStopping();
    }

    private final Set<Read> open = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    /** A read has started; one that starts while the server is stopping is ended at once. */
    void opened(Read read) {
        open.add(read);
        if (stopping) {
            read.serverStopping();
        }
    }

    /** A read has ended, whichever way; more than once is harmless. */
    void ended(Read read) {
        open.remove(read);
    }

    /** The server is stopping: ends every read open now, and every one that starts later. */
    void endAll() {
        stopping = true;
        open.forEach(Read::serverStopping);
    }

    /** Reads open now. */
    int size() {
        return open.size();
    }
}
