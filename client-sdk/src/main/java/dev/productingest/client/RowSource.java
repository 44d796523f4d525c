package dev.productingest.client;

import dev.productingest.v1.ProductRow;
import java.util.Iterator;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Rows to load, read one at a time so that memory does not grow with the source. The client reads a source from one
 * thread and closes it when the load ends.
 */
public interface RowSource extends Iterator<SourceRow>, AutoCloseable {

    /** A source over rows the caller already has as {@link ProductRow}s. */
    static RowSource of(Iterator<ProductRow> rows) {
        return new RowSource() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public SourceRow next() {
                return SourceRow.of(rows.next());
            }

            @Override
            public void close() {}
        };
    }

    /** A source over a stream of rows; closing the source closes the stream. */
    static RowSource of(Stream<ProductRow> rows) {
        Iterator<ProductRow> it = rows.iterator();
        return new RowSource() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public SourceRow next() {
                return SourceRow.of(it.next());
            }

            @Override
            public void close() {
                rows.close();
            }
        };
    }

    /**
     * A source over the caller's own types, mapped to rows one at a time. A mapper that throws
     * {@link IllegalArgumentException} for an item makes that row unreadable, with the exception's message as the
     * reason: the server rejects it and the load goes on.
     */
    static <T> RowSource of(Iterator<T> items, Function<? super T, ProductRow> mapper) {
        return new RowSource() {
            @Override
            public boolean hasNext() {
                return items.hasNext();
            }

            @Override
            public SourceRow next() {
                T item = items.next();
                try {
                    return SourceRow.of(mapper.apply(item));
                } catch (IllegalArgumentException e) {
                    return SourceRow.unreadable(
                            "", "row", "the mapper could not turn " + item + " into a row: " + e.getMessage());
                }
            }

            @Override
            public void close() {}
        };
    }

    @Override
    void close() throws Exception;
}
