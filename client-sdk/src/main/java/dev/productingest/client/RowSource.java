package dev.productingest.client;

import dev.productingest.v1.ProductRow;
import java.util.Iterator;
import java.util.stream.Stream;

/**
 * Rows to load, read one at a time so that memory does not grow with the source. The client reads
 * a source from one thread and closes it when the load ends.
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
            public void close() {
            }
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

    @Override
    void close() throws Exception;
}
