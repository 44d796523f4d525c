package dev.productingest.client;

import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.util.Optional;

/**
 * The first value of a record that holds bytes its file's encoding does not have: where the first such byte is (line,
 * column, offset in the file) and the value as written, each such byte shown as {@code \xE9}.
 */
final class UndecodableField {
    private static final int SHOWN_CHARACTERS = 80;

    private final int column;
    private final long line;
    private final long offset;
    private final String value;

    private UndecodableField(int column, long line, long offset, String value) {
        this.column = column;
        this.line = line;
        this.offset = offset;
        this.value = value;
    }

    /**
     * The record's first value with marks of {@link ByteEscapingReader}, or null; claims every mark of the record, so
     * that the next record's are the next ones the reader queued.
     */
    static UndecodableField find(CsvRecord record, ByteEscapingReader text) {
        if (!text.hasUnclaimedMarks()) {
            return null;
        }
        UndecodableField first = null;
        long line = record.getStartingLineNumber();
        for (int column = 0; column < record.getFieldCount(); column++) {
            String value = record.getField(column);
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (ByteEscapingReader.isMark(value, i)) {
                    long offset = text.claimMark();
                    if (first == null) {
                        first = new UndecodableField(column, line, offset, value);
                    }
                } else if (c == '\n' || (c == '\r' && (i + 1 == value.length() || value.charAt(i + 1) != '\n'))) {
                    line++; // a quoted value's own line break: the byte's line is counted as the file counts it
                }
            }
        }
        return first;
    }

    /**
     * The value at this column of the record, marks shown as {@code \xE9}; for a record without marks, the value
     * itself.
     */
    static String shown(CsvRecord record, int column) {
        return column < record.getFieldCount() ? shown(record.getField(column)) : "";
    }

    int column() {
        return column;
    }

    /** "line 3, column 2 (name), byte offset 57". */
    String where(String columnName) {
        return "line " + line + ", column " + (column + 1) + (columnName.isEmpty() ? "" : " (" + columnName + ")")
                + ", byte offset " + offset;
    }

    /** The value as written, quoted, each byte not in the encoding shown as {@code \xE9}: "'Caf\xE9 cr\xE8me'". */
    String shownValue() {
        String shown = shown(value);
        if (shown.length() <= SHOWN_CHARACTERS) {
            return "'" + shown + "'";
        }
        // Never cut between the halves of a surrogate pair: half of one is what no storage keeps.
        int cut =
                Character.isHighSurrogate(shown.charAt(SHOWN_CHARACTERS - 1)) ? SHOWN_CHARACTERS - 1 : SHOWN_CHARACTERS;
        return "'" + shown.substring(0, cut) + "…'";
    }

    /** What to do about the value's bytes: "the file looks like windows-1252: try --encoding windows-1252". */
    String advice(Charset charset) {
        return advice(charset, bytes(charset));
    }

    /** What to do about bytes not in {@code charset}: try the encoding they look like, when one is. */
    static String advice(Charset charset, byte[] bytes) {
        Optional<Charset> likely =
                EncodingGuess.isAsciiCompatible(charset) ? EncodingGuess.of(bytes, charset) : Optional.empty();
        return likely.map(c -> "the file looks like " + c.name() + ": try --encoding " + c.name())
                .orElse("give the file's encoding with --encoding");
    }

    /** The value's bytes as they were in the file: its text encoded again, each mark as its byte. */
    private byte[] bytes(Charset charset) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length() + 8);
        int text = 0;
        for (int i = 0; i <= value.length(); i++) {
            if (i == value.length() || ByteEscapingReader.isMark(value, i)) {
                out.writeBytes(value.substring(text, i).getBytes(charset));
                if (i < value.length()) {
                    out.write(ByteEscapingReader.markedByte(value.charAt(i)));
                }
                text = i + 1;
            }
        }
        return out.toByteArray();
    }

    /** The text with each mark shown as {@code \xE9}: how text read by a {@link ByteEscapingReader} may be printed. */
    static String shown(String value) {
        StringBuilder shown = null;
        for (int i = 0; i < value.length(); i++) {
            boolean mark = ByteEscapingReader.isMark(value, i);
            if (mark && shown == null) {
                shown = new StringBuilder(value.length() + 16).append(value, 0, i);
            }
            if (shown != null) {
                if (mark) {
                    shown.append(String.format("\\x%02X", ByteEscapingReader.markedByte(value.charAt(i))));
                } else {
                    shown.append(value.charAt(i));
                }
            }
        }
        return shown == null ? value : shown.toString();
    }
}
