package dev.productingest.perf;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A viewer of the jobs page: its live feed ({@code GET /live/jobs}, server-sent events) read over a plain socket, left
 * after {@code stayMillis} and opened again, as people open and close the page. Each connection, refusal (503 when the
 * page's viewers are full) and job event is counted.
 */
final class JobsPageViewer implements Runnable {
    private final int httpPort;
    private final SoakTally tally;
    private final long stayMillis;

    JobsPageViewer(int httpPort, SoakTally tally, long stayMillis) {
        this.httpPort = httpPort;
        this.tally = tally;
        this.stayMillis = stayMillis;
    }

    @Override
    public void run() {
        try {
            while (tally.running()) {
                try {
                    view();
                } catch (IOException e) {
                    tally.count("jobs page connections lost");
                    tally.pause(1_000);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void view() throws IOException, InterruptedException {
        long leaveAt = System.nanoTime() + stayMillis * 1_000_000;
        try (Socket socket = new Socket("127.0.0.1", httpPort)) {
            // Short reads, so that the viewer notices the soak ending and the time to leave.
            socket.setSoTimeout(1_000);
            socket.getOutputStream()
                    .write(("GET /live/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String status = in.readLine();
            if (status == null) {
                throw new IOException("closed before answering");
            }
            if (!status.contains(" 200")) {
                tally.count("jobs page refused: " + status.trim());
                tally.pause(1_000);
                return;
            }
            tally.count("jobs page views");
            while (tally.running() && System.nanoTime() < leaveAt) {
                try {
                    String line = in.readLine();
                    if (line == null) {
                        tally.count("jobs page feeds ended by the server");
                        return;
                    }
                    if (line.startsWith("event:") && line.contains("job")) {
                        tally.count("jobs page events");
                    }
                } catch (SocketTimeoutException quiet) {
                    // Nothing changed for a second: the feed sends only changes.
                }
            }
        }
    }
}
