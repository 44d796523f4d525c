package dev.productingest.client;

import java.util.concurrent.Callable;

/**
 * Where each attempt of a load gets its rows from the start: a source opened anew for each attempt (a file), or the one
 * source the caller passed, which can start again only while none of it has been read.
 */
interface LoadRows {
    RowSource open() throws Exception;

    /** Whether another attempt can have every row from the start. */
    boolean canStartAgain();

    /** Called when an attempt is over with the source it opened. */
    void attemptEnded(RowSource source);

    /** Opens the rows anew for each attempt, and closes them after it. */
    static LoadRows reopening(Callable<? extends RowSource> sources) {
        return new LoadRows() {
            @Override
            public RowSource open() throws Exception {
                return sources.call();
            }

            @Override
            public boolean canStartAgain() {
                return true;
            }

            @Override
            public void attemptEnded(RowSource source) {
                try {
                    source.close();
                } catch (Exception e) {
                    // The load's own outcome is what the caller needs.
                }
            }
        };
    }

    /** The caller's one source, which the caller closes. */
    static LoadRows once(RowSource source) {
        return new LoadRows() {
            private volatile boolean read;
            private final RowSource watched = new RowSource() {
                @Override
                public boolean hasNext() {
                    return source.hasNext();
                }

                @Override
                public SourceRow next() {
                    read = true;
                    return source.next();
                }

                @Override
                public void close() throws Exception {
                    source.close();
                }
            };

            @Override
            public RowSource open() {
                return watched;
            }

            @Override
            public boolean canStartAgain() {
                return !read;
            }

            @Override
            public void attemptEnded(RowSource ignored) {}
        };
    }
}
