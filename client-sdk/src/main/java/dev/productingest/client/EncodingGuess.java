package dev.productingest.client;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The encoding some bytes look like, among those spreadsheets and exports write: UTF-16 without a byte-order mark (told
 * by its NUL bytes, every other byte for Latin text), UTF-8 (when its strict rules hold and the bytes are not all
 * ASCII), windows-1252 (the default of many Windows exports; it reads every ISO-8859-1 letter too). A hint for a
 * person, never applied by itself.
 */
final class EncodingGuess {
    static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    private static final int NUL_SAMPLE = 4096;

    private EncodingGuess() {}

    /** The encoding the bytes look like, other than {@code told}; empty when none fits. */
    static Optional<Charset> of(byte[] bytes, Charset told) {
        Optional<Charset> utf16 = utf16ByNuls(bytes).filter(c -> !c.equals(told));
        if (utf16.isPresent() || !isAsciiCompatible(told)) {
            return utf16;
        }
        if (!told.equals(StandardCharsets.UTF_8) && !isAscii(bytes) && decodes(bytes, StandardCharsets.UTF_8)) {
            return Optional.of(StandardCharsets.UTF_8);
        }
        if (!told.equals(WINDOWS_1252) && decodes(bytes, WINDOWS_1252)) {
            return Optional.of(WINDOWS_1252);
        }
        return Optional.empty();
    }

    /** Whether text in the charset writes ASCII as ASCII, as the encodings a guess is made from do. */
    static boolean isAsciiCompatible(Charset charset) {
        byte[] ascii = "sku,\r\n".getBytes(StandardCharsets.US_ASCII);
        return charset.canEncode() && Arrays.equals(ascii, "sku,\r\n".getBytes(charset));
    }

    private static Optional<Charset> utf16ByNuls(byte[] bytes) {
        int pairs = Math.min(bytes.length, NUL_SAMPLE) / 2;
        int evenNuls = 0;
        int oddNuls = 0;
        for (int i = 0; i < pairs * 2; i += 2) {
            evenNuls += bytes[i] == 0 ? 1 : 0;
            oddNuls += bytes[i + 1] == 0 ? 1 : 0;
        }
        // Latin text in UTF-16 has a NUL in nearly every character; a few NULs elsewhere are noise.
        if (pairs >= 2 && oddNuls * 2 >= pairs && evenNuls * 10 < pairs) {
            return Optional.of(StandardCharsets.UTF_16LE);
        }
        if (pairs >= 2 && evenNuls * 2 >= pairs && oddNuls * 10 < pairs) {
            return Optional.of(StandardCharsets.UTF_16BE);
        }
        return Optional.empty();
    }

    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether the bytes read in the charset, allowing a character cut off at their end (a sample's end). */
    static boolean decodes(byte[] bytes, Charset charset) {
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        return !decoder.decode(ByteBuffer.wrap(bytes), out, false).isError();
    }
}
