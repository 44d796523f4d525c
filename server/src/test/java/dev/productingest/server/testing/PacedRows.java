package dev.productingest.server.testing;

import dev.productingest.v1.ProductRow;
import java.util.Iterator;

/** Rows with a pause every so many, so that a load is still running when a test breaks something. */
public final class PacedRows implements Iterator<ProductRow> {
    private final Iterator<ProductRow> rows;
    private final int every;
    private final long pauseMillis;
    private long n;

    public PacedRows(Iterator<ProductRow> rows, int every, long pauseMillis) {
        this.rows = rows;
        this.every = every;
        this.pauseMillis = pauseMillis;
    }

    @Override
    public boolean hasNext() {
        return rows.hasNext();
    }

    @Override
    public ProductRow next() {
        if (++n % every == 0) {
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return rows.next();
    }
}
