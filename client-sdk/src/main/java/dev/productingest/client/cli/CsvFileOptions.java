package dev.productingest.client.cli;

import dev.productingest.client.CsvOptions;
import dev.productingest.rules.DecimalMark;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** How the CSV file is written: {@code --encoding}, {@code --delimiter}, {@code --decimal-comma}. */
final class CsvFileOptions {
    @Option(
            names = "--encoding",
            paramLabel = "NAME",
            converter = EncodingName.class,
            description =
                    "the file's encoding when it has no byte-order mark: UTF-8 (the default), windows-1252, ISO-8859-1, UTF-16LE,"
                            + " or any the JDK knows; a UTF-8 or UTF-16 byte-order mark names the encoding by itself")
    private Charset encoding;

    @Option(
            names = "--delimiter",
            paramLabel = "C",
            converter = Delimiter.class,
            description = "the character between values: ',' (the default), ';', '|', or tab (also \\t)")
    private Character delimiter;

    @Option(
            names = "--decimal-comma",
            description =
                    "prices are written 12,34 (and 1.234,50); amounts that read two ways, such as 1.234, are still rejected")
    private boolean decimalComma;

    CsvOptions options() {
        CsvOptions options = CsvOptions.defaults();
        if (encoding != null) {
            options = options.withEncoding(encoding);
        }
        if (delimiter != null) {
            options = options.withDelimiter(delimiter);
        }
        return decimalComma ? options.withDecimalMark(DecimalMark.COMMA) : options;
    }

    static final class EncodingName implements ITypeConverter<Charset> {
        @Override
        public Charset convert(String name) {
            try {
                return Charset.forName(name);
            } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                throw new TypeConversionException(
                        "unknown encoding '" + name + "': give one the JDK knows, such as UTF-8, windows-1252,"
                                + " ISO-8859-1, UTF-16LE or UTF-16BE");
            }
        }
    }

    static final class Delimiter implements ITypeConverter<Character> {
        @Override
        public Character convert(String value) {
            if (value.equalsIgnoreCase("tab") || value.equals("\\t") || value.equals("\t")) {
                return '\t';
            }
            if (value.length() != 1 || value.equals("\"") || value.equals("\r") || value.equals("\n")) {
                throw new TypeConversionException(
                        "'" + value + "' is not a delimiter: give one character, such as ';' or '|',"
                                + " or tab (never the quote or a line break)");
            }
            return value.charAt(0);
        }
    }
}
