package dev.productingest.perf;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A process and its children stopped with SIGSTOP, as a host behind a network partition looks to its peers: connections
 * stay open and nothing answers. Closing it lets them go on (SIGCONT).
 */
final class FrozenProcesses implements AutoCloseable {
    private final List<String> pids;

    private FrozenProcesses(List<String> pids) {
        this.pids = pids;
    }

    static FrozenProcesses freeze(long pid) throws IOException, InterruptedException {
        List<String> pids = new ArrayList<>();
        pids.add(Long.toString(pid));
        ProcessHandle.of(pid)
                .orElseThrow(() -> new IllegalStateException("no process " + pid))
                .descendants()
                .forEach(child -> pids.add(Long.toString(child.pid())));
        signal("-STOP", pids);
        return new FrozenProcesses(pids);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        signal("-CONT", pids);
    }

    /** Signals every process still there: a backend may end between the listing and the signal. */
    private static void signal(String signal, List<String> pids) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("kill", signal));
        command.addAll(pids);
        new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start()
                .waitFor();
    }
}
