package dev.productingest.server.health;

import io.dropwizard.servlets.tasks.Task;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /tasks/exhaust-heap}, for tests alone: fills the heap until the JVM runs out of memory, as a flood of
 * producers could, so that a test can hold a real server process to exiting. Registered only when the system property
 * {@value #ENABLED} is {@code true}; never in production.
 */
public final class HeapExhaustionTask extends Task {
    public static final String ENABLED = "product-ingest.test.exhaustHeapTask";

    public HeapExhaustionTask() {
        super("exhaust-heap");
    }

    public static boolean enabled() {
        return Boolean.getBoolean(ENABLED);
    }

    @Override
    public void execute(Map<String, List<String>> parameters, PrintWriter output) {
        output.println("filling the heap");
        output.flush();
        Thread filler = new Thread(
                () -> {
                    List<long[]> held = new ArrayList<>();
                    while (true) {
                        held.add(new long[1 << 20]);
                    }
                },
                "heap-exhaustion");
        filler.start();
    }
}
