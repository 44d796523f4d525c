package dev.productingest.server.store;

import org.jdbi.v3.core.argument.Argument;

/**
 * A Java array bound as one PostgreSQL array parameter in the driver's binary form. JDBI's {@code bindArray} goes
 * through {@code Connection.createArrayOf}, which the driver sends as text: every element quoted and escaped on the way
 * out and parsed back by PostgreSQL, for each of a batch's thousands of rows. The driver sends {@code String[]}
 * ({@code varchar[]}), {@code long[]}, {@code int[]} and {@code boolean[]} as binary when given the array itself.
 */
final class BinaryArray {
    private BinaryArray() {}

    static Argument of(String[] values) {
        return bound(values);
    }

    static Argument of(long[] values) {
        return bound(values);
    }

    static Argument of(int[] values) {
        return bound(values);
    }

    static Argument of(boolean[] values) {
        return bound(values);
    }

    private static Argument bound(Object array) {
        return (position, statement, ctx) -> statement.setObject(position, array);
    }
}
