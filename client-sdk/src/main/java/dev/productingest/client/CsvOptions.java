package dev.productingest.client;

import dev.productingest.rules.DecimalMark;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * How a CSV file is written, for {@link CsvRowSource}: its encoding, the character between its values, and how its
 * prices separate their fraction. The defaults are RFC 4180's: UTF-8, commas, and decimal points.
 *
 * @param encoding the file's encoding when it starts with no byte-order mark; a UTF-8 or UTF-16 mark names the encoding
 *     by itself, whatever this says
 * @param delimiter the character between values: {@code ','}, {@code ';'}, {@code '\t'}, {@code '|'}, ...; never the
 *     quote or a line break
 * @param decimalMark how prices separate their fraction: {@code 12.34}, or with {@link DecimalMark#COMMA} {@code 12,34}
 *     (and {@code 1.234,50}); amounts that could be read two ways are refused either way
 */
public record CsvOptions(Charset encoding, char delimiter, DecimalMark decimalMark) {
    public CsvOptions {
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(decimalMark, "decimalMark");
        if (delimiter == '"' || delimiter == '\r' || delimiter == '\n') {
            throw new IllegalArgumentException("the delimiter cannot be a quote or a line break");
        }
    }

    /** UTF-8 (or what a byte-order mark says), values separated by commas, prices with a decimal point. */
    public static CsvOptions defaults() {
        return new CsvOptions(StandardCharsets.UTF_8, ',', DecimalMark.POINT);
    }

    /** The file's encoding when it has no byte-order mark: {@code Charset.forName("windows-1252")}, say. */
    public CsvOptions withEncoding(Charset e) {
        return new CsvOptions(e, delimiter, decimalMark);
    }

    /** The character between values. */
    public CsvOptions withDelimiter(char d) {
        return new CsvOptions(encoding, d, decimalMark);
    }

    /** How prices separate their fraction. */
    public CsvOptions withDecimalMark(DecimalMark mark) {
        return new CsvOptions(encoding, delimiter, mark);
    }
}
