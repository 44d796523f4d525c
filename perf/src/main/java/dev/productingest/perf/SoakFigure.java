package dev.productingest.perf;

/**
 * What the soak samples of the server, each with the absolute growth it forgives beside the relative one: a figure of a
 * few units (connections) moves by one at a time, so 10% of it is less than a single step, and a run's noise (a batch
 * in flight at the moment of a sample) would read as growth.
 */
enum SoakFigure {
    // Rows in flight at the moment of a sample (batches being written, up to the memory budget)
    // are live: 16 MB is four batches of 4 MiB.
    HEAP("heap after collection", "MB", 16),
    // Pools that grow and shrink with the load (gRPC callbacks, writers, Jetty's) move by a few.
    THREADS("threads", "", 6),
    // Sockets of producers, readers and viewers that come and go, and files the JVM opens.
    FILE_DESCRIPTORS("open file descriptors", "", 12),
    // The pool keeps 2 to 16: a connection opened for a burst and not yet evicted is no leak.
    DATABASE_CONNECTIONS("database connections", "", 3),
    // Redisson's pool and its subscriptions: a handful, reconnected after a restart.
    REDIS_CONNECTIONS("Redis connections", "", 3);

    final String label;
    final String unit;
    final double floor;

    SoakFigure(String label, String unit, double floor) {
        this.label = label;
        this.unit = unit;
        this.floor = floor;
    }

    String title() {
        return unit.isEmpty() ? label : label + " (" + unit + ")";
    }
}
