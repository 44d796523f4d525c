package dev.productingest.server.ingest.stream;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Reads protobuf's wire format forward over a message's buffers (where gRPC received them, often outside the heap)
 * without copying or allocating: varints, skipped bytes, and text whose bytes are only looked at.
 */
final class WireCursor {
    private static final long HIGH_BITS = 0x8080_8080_8080_8080L;

    private final ByteBuffer[] buffers;
    private int index;
    private long position;

    /** Reads duplicates: the buffers' own positions stay where they are, for the parse. */
    WireCursor(List<ByteBuffer> buffers) {
        this.buffers = buffers.stream().map(ByteBuffer::duplicate).toArray(ByteBuffer[]::new);
    }

    /** Bytes read so far. */
    long position() {
        return position;
    }

    long readVarint() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = readByte();
            value |= (long) (b & 0x7F) << shift;
            if (b < 0x80) {
                return value;
            }
        }
        throw new UnreadableMessage("a varint longer than 10 bytes");
    }

    /** A length prefix, which must fit before {@code end}. */
    long readLength(long end) {
        long length = readVarint();
        if (length < 0 || length > end - position) {
            throw new UnreadableMessage("a length of " + length + " beyond the end of its message");
        }
        return length;
    }

    void skip(long bytes) {
        long left = bytes;
        while (left > 0) {
            ByteBuffer b = current();
            int step = (int) Math.min(left, b.remaining());
            b.position(b.position() + step);
            left -= step;
            position += step;
        }
    }

    /**
     * Skips UTF-8 text and says whether it holds a character beyond Latin-1, which makes Java keep the whole string in
     * two bytes a character instead of one. Such a character starts with a byte of 0xC4 or more; pure ASCII, most text,
     * is passed over eight bytes at a time.
     */
    boolean skipText(long bytes) {
        long left = bytes;
        boolean wide = false;
        while (left > 0) {
            ByteBuffer b = current();
            int from = b.position();
            int to = from + (int) Math.min(left, b.remaining());
            int i = from;
            while (!wide && i < to) {
                if (i + 8 <= to && (b.getLong(i) & HIGH_BITS) == 0) {
                    i += 8;
                } else {
                    wide = (b.get(i) & 0xFF) >= 0xC4;
                    i++;
                }
            }
            b.position(to);
            left -= to - from;
            position += to - from;
        }
        return wide;
    }

    private int readByte() {
        position++;
        return current().get() & 0xFF;
    }

    private ByteBuffer current() {
        while (index < buffers.length && !buffers[index].hasRemaining()) {
            index++;
        }
        if (index == buffers.length) {
            throw new UnreadableMessage("the message ends inside a field");
        }
        return buffers[index];
    }

    /** Bytes that are no IngestRequest protobuf would read. */
    static final class UnreadableMessage extends RuntimeException {
        UnreadableMessage(String why) {
            super(why, null, false, false);
        }
    }
}
