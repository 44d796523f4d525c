package dev.productingest.server.store;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * Writes tuples in PostgreSQL's binary COPY format as they come, so a batch is never held as one big text: no escaping
 * or quoting scan per value, no timestamps formatted and parsed again, and memory that does not grow with the batch.
 * The caller lists the fields of each tuple in the order of the COPY's column list.
 */
final class BinaryCopyWriter implements AutoCloseable {
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
    // PostgreSQL counts timestamps in microseconds from 2000-01-01T00:00:00Z.
    private static final long POSTGRES_EPOCH_SECONDS = 946_684_800L;
    private static final byte JSONB_VERSION = 1;
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    // Room for the largest fixed-size field (a length and an int8), so those need one check.
    private static final int LARGEST_FIXED = 12;
    private static final int COPY_BUFFER_BYTES = 64 * 1024;

    private final OutputStream copyIn;
    // Filled here and handed over whole: a stream per field (DataOutputStream over a buffered
    // stream) spent more on its calls than on the bytes.
    private final byte[] buffer = new byte[64 * 1024];
    private int position;

    /** What a COPY writes: its tuples, in the order of the COPY's column list. */
    @FunctionalInterface
    interface Tuples {
        void writeTo(BinaryCopyWriter copy) throws IOException;
    }

    /**
     * Runs {@code copySql} (a {@code COPY ... FROM STDIN WITH (FORMAT binary)}) on the handle's connection, inside its
     * transaction, with the tuples {@code tuples} writes.
     *
     * @throws UncheckedIOException with PostgreSQL's error (a unique violation, say) as its cause, which the caller may
     *     retry on
     */
    static void copy(Handle handle, String copySql, Tuples tuples) {
        PGCopyOutputStream copyIn = null;
        try {
            copyIn = new PGCopyOutputStream(
                    handle.getConnection().unwrap(PGConnection.class), copySql, COPY_BUFFER_BYTES);
            try (BinaryCopyWriter copy = new BinaryCopyWriter(copyIn)) {
                tuples.writeTo(copy);
            }
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException(e, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            cancelIfActive(copyIn);
        }
    }

    // A COPY left open would keep the connection busy for the rollback that follows a failure.
    private static void cancelIfActive(PGCopyOutputStream copyIn) {
        if (copyIn != null && copyIn.isActive()) {
            try {
                copyIn.cancelCopy();
            } catch (SQLException ignored) {
                // The transaction is rolled back next, which ends the COPY on the server anyway.
            }
        }
    }

    BinaryCopyWriter(OutputStream copyIn) throws IOException {
        this.copyIn = copyIn;
        bytes(SIGNATURE);
        int4Raw(0); // flags: no OIDs
        int4Raw(0); // no header extension
    }

    BinaryCopyWriter tuple(int fields) throws IOException {
        room(2);
        SHORT.set(buffer, position, (short) fields);
        position += 2;
        return this;
    }

    BinaryCopyWriter text(String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        int4Raw(bytes.length);
        bytes(bytes);
        return this;
    }

    BinaryCopyWriter int8(long value) throws IOException {
        room(LARGEST_FIXED);
        INT.set(buffer, position, 8);
        LONG.set(buffer, position + 4, value);
        position += 12;
        return this;
    }

    BinaryCopyWriter int4(int value) throws IOException {
        room(8);
        INT.set(buffer, position, 4);
        INT.set(buffer, position + 4, value);
        position += 8;
        return this;
    }

    BinaryCopyWriter bool(boolean value) throws IOException {
        room(5);
        INT.set(buffer, position, 1);
        buffer[position + 4] = (byte) (value ? 1 : 0);
        position += 5;
        return this;
    }

    /** SQL NULL. */
    BinaryCopyWriter nullField() throws IOException {
        int4Raw(-1);
        return this;
    }

    /** A timestamptz; the nanoseconds must be whole microseconds (the row rules ensure it). */
    BinaryCopyWriter timestamptz(long epochSeconds, int nanos) throws IOException {
        return int8((epochSeconds - POSTGRES_EPOCH_SECONDS) * 1_000_000L + nanos / 1_000);
    }

    /** The timestamptz before every other: PostgreSQL's '-infinity'. */
    BinaryCopyWriter timestamptzNegativeInfinity() throws IOException {
        return int8(Long.MIN_VALUE);
    }

    BinaryCopyWriter jsonb(String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        room(5);
        INT.set(buffer, position, bytes.length + 1);
        buffer[position + 4] = JSONB_VERSION;
        position += 5;
        bytes(bytes);
        return this;
    }

    /** Writes the trailer and ends the COPY; PostgreSQL reports a bad tuple here at the latest. */
    @Override
    public void close() throws IOException {
        tuple(-1);
        flush();
        copyIn.close();
    }

    private void int4Raw(int value) throws IOException {
        room(4);
        INT.set(buffer, position, value);
        position += 4;
    }

    private void bytes(byte[] bytes) throws IOException {
        if (bytes.length > buffer.length - position) {
            flush();
            if (bytes.length > buffer.length) {
                copyIn.write(bytes);
                return;
            }
        }
        System.arraycopy(bytes, 0, buffer, position, bytes.length);
        position += bytes.length;
    }

    private void room(int size) throws IOException {
        if (buffer.length - position < size) {
            flush();
        }
    }

    private void flush() throws IOException {
        copyIn.write(buffer, 0, position);
        position = 0;
    }
}
