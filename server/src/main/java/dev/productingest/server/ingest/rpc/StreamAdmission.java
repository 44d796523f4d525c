package dev.productingest.server.ingest.rpc;

import dev.productingest.server.grpc.CallSlot;
import dev.productingest.server.grpc.Refusal;
import dev.productingest.v1.ProductIngestGrpc;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admits Ingest streams up to a limit for the server and a lower one for each client address, so that no one client can
 * hold every slot. A stream beyond either gets RESOURCE_EXHAUSTED, which the SDK retries with backoff. A slot is held
 * from the call's start until it closes or is cancelled.
 */
public final class StreamAdmission implements ServerInterceptor {
    private final int maxStreams;
    private final int maxPerClient;
    private final AtomicInteger live = new AtomicInteger();
    private final ConcurrentHashMap<String, Integer> perClient = new ConcurrentHashMap<>();

    public StreamAdmission(int maxStreams, int maxPerClient) {
        this.maxStreams = maxStreams;
        this.maxPerClient = Math.min(maxPerClient, maxStreams);
    }

    public int liveStreams() {
        return live.get();
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        if (!call.getMethodDescriptor()
                .getFullMethodName()
                .equals(ProductIngestGrpc.getIngestMethod().getFullMethodName())) {
            return next.startCall(call, headers);
        }
        String client = clientOf(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
        String refusal = admit(client);
        if (refusal != null) {
            return Refusal.of(call, Status.RESOURCE_EXHAUSTED.withDescription(refusal));
        }
        return CallSlot.hold(call, headers, next, () -> releaseSlot(client));
    }

    /** Takes a slot for the client, or says why there is none. */
    private String admit(String client) {
        if (live.incrementAndGet() > maxStreams) {
            live.decrementAndGet();
            return "this server already runs " + maxStreams + " ingest streams; retry later or on another server";
        }
        int[] count = new int[1];
        perClient.merge(client, 1, (a, b) -> (count[0] = a + b));
        if (count[0] > maxPerClient) {
            releaseSlot(client);
            return "client " + client + " already runs " + maxPerClient
                    + " ingest streams on this server, the most one client may; retry when one ends";
        }
        return null;
    }

    private void releaseSlot(String client) {
        live.decrementAndGet();
        perClient.computeIfPresent(client, (k, n) -> n == 1 ? null : n - 1);
    }

    private static String clientOf(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return inet.getAddress() == null
                    ? inet.getHostString()
                    : inet.getAddress().getHostAddress();
        }
        return String.valueOf(address);
    }
}
