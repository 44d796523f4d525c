package dev.productingest.server.store;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes tuples in PostgreSQL's binary COPY format as they come, so a batch is never held as one
 * big text: no escaping or quoting scan per value, no timestamps formatted and parsed again, and
 * memory that does not grow with the batch. The caller lists the fields of each tuple in the
 * order of the COPY's column list.
 */
final class BinaryCopyWriter implements AutoCloseable {
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
    // PostgreSQL counts timestamps in microseconds from 2000-01-01T00:00:00Z.
    private static final long POSTGRES_EPOCH_SECONDS = 946_684_800L;
    private static final byte JSONB_VERSION = 1;

    private final DataOutputStream out;

    BinaryCopyWriter(OutputStream copyIn) throws IOException {
        this.out = new DataOutputStream(new BufferedOutputStream(copyIn, 64 * 1024));
        out.write(SIGNATURE);
        out.writeInt(0); // flags: no OIDs
        out.writeInt(0); // no header extension
    }

    BinaryCopyWriter tuple(int fields) throws IOException {
        out.writeShort(fields);
        return this;
    }

    BinaryCopyWriter text(String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
        return this;
    }

    BinaryCopyWriter int8(long value) throws IOException {
        out.writeInt(8);
        out.writeLong(value);
        return this;
    }

    BinaryCopyWriter int4(int value) throws IOException {
        out.writeInt(4);
        out.writeInt(value);
        return this;
    }

    BinaryCopyWriter bool(boolean value) throws IOException {
        out.writeInt(1);
        out.writeByte(value ? 1 : 0);
        return this;
    }

    /** A timestamptz; the nanoseconds must be whole microseconds (the row rules ensure it). */
    BinaryCopyWriter timestamptz(long epochSeconds, int nanos) throws IOException {
        out.writeInt(8);
        out.writeLong((epochSeconds - POSTGRES_EPOCH_SECONDS) * 1_000_000L + nanos / 1_000);
        return this;
    }

    BinaryCopyWriter jsonb(String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length + 1);
        out.writeByte(JSONB_VERSION);
        out.write(bytes);
        return this;
    }

    /** Writes the trailer and ends the COPY; PostgreSQL reports a bad tuple here at the latest. */
    @Override
    public void close() throws IOException {
        out.writeShort(-1);
        out.close();
    }
}
