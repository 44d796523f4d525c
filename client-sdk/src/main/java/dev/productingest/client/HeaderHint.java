package dev.productingest.client;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import dev.productingest.rules.DecimalMark;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * For a header that cannot be read: the delimiter and encoding with which it would read, as the options that say so
 * ({@code looks ;-separated: try --delimiter ';'}). A change of delimiter alone is tried first, then of encoding alone,
 * then both: the smallest change that reads is named.
 */
final class HeaderHint {
    private static final List<Character> DELIMITERS = List.of(',', ';', '\t', '|');

    private HeaderHint() {}

    /**
     * @param start the file's first bytes, after its byte-order mark
     * @param encodingKnown whether a byte-order mark named the encoding, so that only delimiters are tried
     */
    static Optional<String> find(byte[] start, Charset charset, boolean encodingKnown, char delimiter) {
        Set<Charset> charsets = new LinkedHashSet<>();
        charsets.add(charset);
        if (!encodingKnown) {
            EncodingGuess.of(start, charset).ifPresent(charsets::add);
            charsets.addAll(List.of(
                    StandardCharsets.UTF_8,
                    StandardCharsets.UTF_16LE,
                    StandardCharsets.UTF_16BE,
                    EncodingGuess.WINDOWS_1252));
        }
        for (int changes = 1; changes <= 2; changes++) {
            for (Charset c : charsets) {
                for (char d : DELIMITERS) {
                    int changed = (c.equals(charset) ? 0 : 1) + (d == delimiter ? 0 : 1);
                    if (changed == changes && reads(start, c, d)) {
                        return Optional.of(hint(c.equals(charset) ? null : c, d == delimiter ? null : d));
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static String hint(Charset charset, Character delimiter) {
        if (charset == null) {
            return "looks " + name(delimiter) + "-separated: try --delimiter " + option(delimiter);
        }
        if (delimiter == null) {
            return "looks like " + charset.name() + ": try --encoding " + charset.name();
        }
        return "looks like " + charset.name() + ", " + name(delimiter) + "-separated: try --encoding " + charset.name()
                + " --delimiter " + option(delimiter);
    }

    private static String name(char delimiter) {
        return delimiter == '\t' ? "tab" : String.valueOf(delimiter);
    }

    private static String option(char delimiter) {
        return delimiter == '\t' ? "tab" : "'" + delimiter + "'";
    }

    private static boolean reads(byte[] start, Charset charset, char delimiter) {
        String text = decodedPrefix(start, charset);
        try {
            Iterator<CsvRecord> records = CsvReader.builder()
                    .fieldSeparator(delimiter)
                    .ofCsvRecord(text)
                    .iterator();
            if (!records.hasNext()) {
                return false;
            }
            List<String> header = records.next().getFields();
            if (header.stream().anyMatch(name -> name.indexOf('\0') >= 0)) {
                return false;
            }
            new CsvRowMapper(header, DecimalMark.POINT);
            return true;
        } catch (CsvFormatException | CsvParseException e) {
            return false;
        }
    }

    /** The text of the bytes up to the first one the charset does not have. */
    private static String decodedPrefix(byte[] bytes, Charset charset) {
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        decoder.decode(ByteBuffer.wrap(bytes), out, false);
        return out.flip().toString();
    }
}
