package dev.productingest.perf;

/**
 * The sizes and heaps of one suite run, as its options gave them or their defaults.
 *
 * @param rows rows per scenario
 * @param bigRows rows of the memory scenario's one large load
 * @param naiveRows rows the row-by-row baseline writes
 * @param manyRows rows each of the many producers of 2 KB rows sends
 */
record SuiteSettings(
        boolean quick,
        long rows,
        int runs,
        long bigRows,
        long naiveRows,
        int manyRows,
        long seed,
        String serverHeap,
        String clientHeap,
        String bigClientHeap) {}
