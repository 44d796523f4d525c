package dev.productingest.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayDeque;

/**
 * The text of a byte stream in one encoding, where each byte the encoding does not have becomes a mark, the unpaired
 * low surrogate U+DC00 + the byte's value (as Python's "surrogateescape"), never the U+FFFD an
 * {@code InputStreamReader} would silently put there. A decoder never yields an unpaired surrogate from bytes it can
 * read, so a mark is told apart from text, and still says which byte it stands for. The stream offset of every marked
 * byte is queued, in order, for whoever finds the marks in the text to claim.
 */
final class ByteEscapingReader extends Reader {
    private static final char FIRST_MARK = '\uDC00';
    private static final int BUFFER_BYTES = 64 * 1024;
    private static final int MIN_DECODE_CHARS = 16;

    private final InputStream in;
    private final Charset charset;
    private final CharsetDecoder decoder;
    private final ByteBuffer bytes = ByteBuffer.allocate(BUFFER_BYTES).flip();
    // Marks, or the second half of a surrogate pair, that did not fit into the caller's buffer.
    private final StringBuilder notYetRead = new StringBuilder();
    private final ArrayDeque<Long> markedOffsets = new ArrayDeque<>();
    private long offsetOfBuffer;
    private boolean endOfInput;
    private boolean flushed;

    /** @param firstOffset the stream offset of the first byte {@code in} gives (after a byte-order mark, its length) */
    ByteEscapingReader(InputStream in, Charset charset, long firstOffset) {
        this.in = in;
        this.charset = charset;
        this.decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        this.offsetOfBuffer = firstOffset;
    }

    Charset charset() {
        return charset;
    }

    /** Whether the text read so far holds marks nobody has claimed yet. */
    boolean hasUnclaimedMarks() {
        return !markedOffsets.isEmpty();
    }

    /** The stream offset of the next mark in the text, in the order the marks were read. */
    long claimMark() {
        Long offset = markedOffsets.poll();
        if (offset == null) {
            throw new IllegalStateException("a mark was found in the text that the reader did not write");
        }
        return offset;
    }

    /** Whether the character at {@code i} is a mark (and not the second half of a surrogate pair). */
    static boolean isMark(CharSequence text, int i) {
        char c = text.charAt(i);
        return c >= FIRST_MARK && c <= FIRST_MARK + 0xFF && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)));
    }

    /** The byte a mark stands for. */
    static int markedByte(char mark) {
        return mark - FIRST_MARK;
    }

    @Override
    public int read(char[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (length < MIN_DECODE_CHARS && notYetRead.isEmpty()) {
            // A decoder cannot write a character of two chars (a surrogate pair) into one char of room.
            char[] more = new char[MIN_DECODE_CHARS];
            int read = read(more, 0, more.length);
            if (read <= 0) {
                return read;
            }
            int given = Math.min(read, length);
            System.arraycopy(more, 0, target, offset, given);
            notYetRead.insert(0, more, given, read - given); // before what the inner read left, which comes after it
            return given;
        }
        CharBuffer out = CharBuffer.wrap(target, offset, length);
        moveMarks(out);
        while (out.hasRemaining() && !flushed) {
            CoderResult result = decoder.decode(bytes, out, endOfInput);
            if (result.isError()) {
                markBytes(result.length());
                moveMarks(out);
            } else if (result.isOverflow()) {
                break;
            } else if (endOfInput) {
                if (decoder.flush(out).isOverflow()) {
                    break;
                }
                flushed = true;
            } else if (out.position() > offset) {
                break; // give what is decoded now rather than wait for more of a slow stream
            } else {
                fill();
            }
        }
        int read = out.position() - offset;
        return read == 0 && flushed && notYetRead.isEmpty() ? -1 : read;
    }

    private void markBytes(int malformedBytes) {
        for (int i = 0; i < malformedBytes; i++) {
            markedOffsets.add(offsetOfBuffer + bytes.position());
            notYetRead.append((char) (FIRST_MARK + (bytes.get() & 0xFF)));
        }
    }

    private void moveMarks(CharBuffer out) {
        int moved = Math.min(out.remaining(), notYetRead.length());
        if (moved > 0) {
            out.append(notYetRead, 0, moved);
            notYetRead.delete(0, moved);
        }
    }

    private void fill() throws IOException {
        offsetOfBuffer += bytes.position();
        bytes.compact();
        int read = in.read(bytes.array(), bytes.position(), bytes.remaining());
        if (read < 0) {
            endOfInput = true;
        } else {
            bytes.position(bytes.position() + read);
        }
        bytes.flip();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
