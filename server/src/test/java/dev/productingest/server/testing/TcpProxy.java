package dev.productingest.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * A TCP proxy on a local port to a local target, which can silence every connection open now: their bytes are read and
 * dropped in both directions and nothing is closed, as a failover or a lost host looks to the peers. Connections opened
 * afterwards work. The silence can also wait for a given reply of the target, to cut the connections at a chosen step
 * of a conversation.
 */
public final class TcpProxy implements AutoCloseable {
    private final int targetPort;
    private final ServerSocket listener;
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private volatile Trigger trigger;

    private TcpProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0);
        Thread accepting = new Thread(this::accept, "tcp-proxy-accept");
        accepting.setDaemon(true);
        accepting.start();
    }

    public static TcpProxy to(int targetPort) {
        try {
            return new TcpProxy(targetPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Drops every byte of the connections open now, from now on; returns how many there were. */
    public int silenceOpenConnections() {
        int silenced = 0;
        for (Link link : links) {
            if (!link.silenced) {
                link.silenced = true;
                silenced++;
            }
        }
        return silenced;
    }

    /**
     * Silences every connection open at the moment the target first sends bytes matching {@code reply} on one of them
     * (that reply is dropped too), as if the network went at that moment. The future completes with how many were
     * silenced.
     */
    public CompletableFuture<Integer> silenceOpenConnectionsWhenTargetSends(Pattern reply) {
        CompletableFuture<Integer> silenced = new CompletableFuture<>();
        trigger = new Trigger(reply, silenced);
        return silenced;
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket target = new Socket("127.0.0.1", targetPort);
                Link link = new Link(client, target);
                links.add(link);
                pump(link, client, target, false);
                pump(link, target, client, true);
            } catch (IOException e) {
                // closed, or the target refused: the client sees its connection close
            }
        }
    }

    private void pump(Link link, Socket from, Socket to, boolean fromTarget) throws IOException {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        Thread thread = new Thread(
                () -> {
                    byte[] buffer = new byte[16 * 1024];
                    // The end of the previous read since the trigger was armed, so that a reply split between two reads
                    // still matches.
                    String tail = "";
                    Trigger tailOf = null;
                    try {
                        for (int n; (n = in.read(buffer)) >= 0; ) {
                            Trigger armed = trigger;
                            if (fromTarget && armed != null && !link.silenced) {
                                String text = (armed == tailOf ? tail : "")
                                        + new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
                                tailOf = armed;
                                tail = text.substring(Math.max(0, text.length() - 256));
                                if (armed.reply.matcher(text).find()) {
                                    armed.fire(this);
                                }
                            }
                            if (!link.silenced) {
                                out.write(buffer, 0, n);
                                out.flush();
                            }
                        }
                    } catch (IOException e) {
                        // one side went away
                    }
                    if (!link.silenced) {
                        link.close();
                    }
                },
                "tcp-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        links.forEach(Link::close);
    }

    /** A reply that, once seen, silences the connections open then; it fires once. */
    private record Trigger(Pattern reply, CompletableFuture<Integer> silenced) {
        void fire(TcpProxy proxy) {
            synchronized (proxy) {
                if (proxy.trigger == this) {
                    proxy.trigger = null;
                    silenced.complete(proxy.silenceOpenConnections());
                }
            }
        }
    }

    private static final class Link {
        private final Socket client;
        private final Socket target;
        volatile boolean silenced;

        Link(Socket client, Socket target) {
            this.client = client;
            this.target = target;
        }

        void close() {
            try {
                client.close();
                target.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }
}
