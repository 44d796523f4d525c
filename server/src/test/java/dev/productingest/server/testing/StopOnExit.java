package dev.productingest.server.testing;

import io.dropwizard.lifecycle.Managed;

/** Servers shared by every test of a JVM live as long as the JVM. */
final class StopOnExit {
    private StopOnExit() {}

    static <T extends Managed> T register(T server) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.stop();
            } catch (Exception e) {
                // the JVM is going away either way
            }
        }));
        return server;
    }
}
