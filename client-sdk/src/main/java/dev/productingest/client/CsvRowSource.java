package dev.productingest.client;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Rows of an RFC 4180 CSV file, in constant memory; gzip is recognised by content and read as such. The first record is
 * the header; see {@link CsvRowMapper} for the columns, matched without regard to case or surrounding spaces. Blank
 * lines are skipped.
 *
 * <p>{@link CsvOptions} says how the file is written: its encoding (UTF-8 by default; a UTF-8 or UTF-16 byte-order mark
 * names the encoding by itself and is skipped), the delimiter between values, and the decimal mark of prices. Bytes are
 * never replaced silently: a row holding bytes that are not in the file's encoding is an unreadable row whose reason
 * names the line, the column and the byte's offset in the file (counted from its first byte, after gzip's
 * decompression), shows the value with those bytes as {@code \xE9}, and names the encoding the bytes look like; the
 * server rejects the row and the load goes on. When the file plainly is not in the encoding, it is refused before any
 * row is read: {@link CsvFormatException} when the header holds such bytes, or more than half of the first 100 rows do,
 * naming the encoding the file looks like. A header that cannot be read but would read with another delimiter or
 * encoding is refused naming them ({@code looks ;-separated: try --delimiter ';'}).
 */
public final class CsvRowSource implements RowSource {
    private static final int SAMPLE_BYTES = 64 * 1024;
    private static final int SAMPLE_ROWS = 100;

    private final ByteEscapingReader text;
    private final CsvReader<CsvRecord> reader;
    private final Iterator<CsvRecord> records;
    private final CsvRowMapper mapper;
    // The first rows, read before any is handed out, to refuse a file plainly not in its encoding.
    private final ArrayDeque<SourceRow> sampledRows = new ArrayDeque<>();
    private CsvFormatException malformedAfterSample;
    private long lastLine;

    private CsvRowSource(BufferedInputStream in, CsvOptions options) throws IOException {
        in.mark(SAMPLE_BYTES);
        byte[] start = in.readNBytes(SAMPLE_BYTES);
        in.reset();
        ByteOrderMark mark = ByteOrderMark.of(start);
        in.skipNBytes(mark.length());
        this.text = new ByteEscapingReader(in, mark.charsetOr(options.encoding()), mark.length());
        // Records with too few or too many values are read, not thrown: the mapper rejects that
        // row alone, with its line, and the load goes on.
        this.reader = CsvReader.builder()
                .fieldSeparator(options.delimiter())
                .allowExtraFields(true)
                .allowMissingFields(true)
                .allowUnclosedQuote(false)
                .ofCsvRecord(text);
        this.records = reader.iterator();
        try {
            HeaderFailure failure = new HeaderFailure(
                    Arrays.copyOfRange(start, mark.length(), start.length),
                    text.charset(),
                    mark.isPresent(),
                    options.delimiter());
            this.mapper = readHeader(failure, options);
            sampleRows();
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    /**
     * A UTF-8 file, comma-separated, with decimal points.
     *
     * @throws CsvFormatException when the header is missing or names unknown columns
     */
    public static CsvRowSource open(Path file) throws IOException {
        return open(file, CsvOptions.defaults());
    }

    /**
     * A file written as the options say.
     *
     * @throws CsvFormatException when the header cannot be read, or the file plainly is not in the encoding
     */
    public static CsvRowSource open(Path file, CsvOptions options) throws IOException {
        return open(Files.newInputStream(file), options);
    }

    /**
     * Reads a UTF-8, comma-separated stream, which the source closes; gzip-compressed content is recognised and read as
     * such.
     */
    public static CsvRowSource open(InputStream in) throws IOException {
        return open(in, CsvOptions.defaults());
    }

    /**
     * Reads a stream written as the options say, which the source closes; gzip-compressed content is recognised and
     * read as such.
     */
    public static CsvRowSource open(InputStream in, CsvOptions options) throws IOException {
        try {
            return new CsvRowSource(new BufferedInputStream(decompressedIfGzip(in), SAMPLE_BYTES), options);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    // By content, not by file name: a pipe or a file named .csv may hold gzip too.
    private static InputStream decompressedIfGzip(InputStream in) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, 64 * 1024);
        buffered.mark(2);
        int first = buffered.read();
        int second = buffered.read();
        buffered.reset();
        boolean gzip = first == 0x1f && second == 0x8b;
        return gzip ? new GZIPInputStream(buffered, 64 * 1024) : buffered;
    }

    private CsvRowMapper readHeader(HeaderFailure failure, CsvOptions options) {
        if (!hasNextRecord()) {
            throw new CsvFormatException("the file is empty: the first line must be a header naming the columns");
        }
        CsvRecord header = records.next();
        UndecodableField undecodable = UndecodableField.find(header, text);
        if (undecodable != null) {
            throw failure.undecodable(undecodable);
        }
        List<String> names = header.getFields();
        if (names.stream().anyMatch(name -> name.indexOf('\0') >= 0)) {
            throw failure.nulCharacters();
        }
        try {
            return new CsvRowMapper(names, options.decimalMark());
        } catch (CsvFormatException e) {
            throw failure.unreadable(e);
        }
    }

    private void sampleRows() {
        int undecodable = 0;
        UndecodableField first = null;
        while (sampledRows.size() < SAMPLE_ROWS) {
            CsvRecord record;
            try {
                if (!records.hasNext()) {
                    break;
                }
                record = records.next();
            } catch (UncheckedIOException | CsvParseException e) {
                // Malformed further on: the rows before it are still read, as without the sample.
                malformedAfterSample = malformed(e);
                break;
            }
            lastLine = record.getStartingLineNumber();
            UndecodableField bad = UndecodableField.find(record, text);
            sampledRows.add(bad == null ? mapper.map(record) : unreadable(record, bad));
            if (bad != null) {
                undecodable++;
                first = first == null ? bad : first;
            }
        }
        if (undecodable * 2 > sampledRows.size()) {
            Charset charset = text.charset();
            throw new CsvFormatException(
                    "the file is not " + charset.name() + ": " + undecodable + " of its first " + sampledRows.size()
                            + " rows hold bytes that are not " + charset.name() + " (the first: "
                            + first.where(mapper.columnAt(first.column()))
                            + ", " + first.shownValue() + "); " + first.advice(charset));
        }
    }

    private SourceRow unreadable(CsvRecord record, UndecodableField bad) {
        String column = mapper.columnAt(bad.column());
        Charset charset = text.charset();
        return SourceRow.unreadable(
                UndecodableField.shown(record, mapper.skuColumn()),
                mapper.fieldAt(bad.column()),
                bad.where(column) + ": " + (column.isEmpty() ? "" : column + " ") + bad.shownValue()
                        + " holds bytes that are not " + charset.name() + "; " + bad.advice(charset));
    }

    private boolean hasNextRecord() {
        try {
            return records.hasNext();
        } catch (UncheckedIOException | CsvParseException e) {
            throw malformed(e);
        }
    }

    @Override
    public boolean hasNext() {
        if (!sampledRows.isEmpty()) {
            return true;
        }
        if (malformedAfterSample != null) {
            throw malformedAfterSample;
        }
        return hasNextRecord();
    }

    @Override
    public SourceRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        if (!sampledRows.isEmpty()) {
            return sampledRows.poll();
        }
        CsvRecord record = records.next();
        lastLine = record.getStartingLineNumber();
        UndecodableField bad = UndecodableField.find(record, text);
        return bad == null ? mapper.map(record) : unreadable(record, bad);
    }

    private CsvFormatException malformed(RuntimeException e) {
        // The parser's message may quote a character of the file, a mark of a byte not in its encoding too.
        String problem =
                UndecodableField.shown(e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
        return new CsvFormatException(
                "the CSV is malformed " + (lastLine == 0 ? "in its header" : "after line " + lastLine) + ": " + problem,
                e);
    }

    private void closeQuietly() {
        try {
            reader.close();
        } catch (IOException ignored) {
            // Already failing with the reason that matters.
        }
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    /** A header that cannot be read, refused with the options that would read it when there are some. */
    private record HeaderFailure(byte[] start, Charset charset, boolean encodingKnown, char delimiter) {
        CsvFormatException undecodable(UndecodableField header) {
            return new CsvFormatException(
                    header.where("") + ": the header " + header.shownValue() + " holds bytes that are not "
                            + charset.name() + "; " + hint().orElseGet(() -> header.advice(charset)));
        }

        CsvFormatException nulCharacters() {
            return new CsvFormatException("the header holds NUL characters, which no " + charset.name() + " text has; "
                    + hint().orElseGet(() -> UndecodableField.advice(charset, start)));
        }

        CsvFormatException unreadable(CsvFormatException e) {
            return hint().map(hint -> new CsvFormatException(e.getMessage() + "; " + hint, e))
                    .orElse(e);
        }

        private Optional<String> hint() {
            return HeaderHint.find(start, charset, encodingKnown, delimiter).map(hint -> "the file " + hint);
        }
    }
}
