package dev.productingest.client;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.zip.GZIPInputStream;

/**
 * Rows of an RFC 4180 CSV file in UTF-8 (a byte-order mark is skipped, blank lines too; gzip is
 * read as such), in constant memory. The first record is the header; see {@link CsvRowMapper} for the columns.
 */
public final class CsvRowSource implements RowSource {
    private final CsvReader<CsvRecord> reader;
    private final Iterator<CsvRecord> records;
    private final CsvRowMapper mapper;
    private long lastLine;

    private CsvRowSource(InputStream in) {
        // Records with too few or too many values are read, not thrown: the mapper rejects that
        // row alone, with its line, and the load goes on.
        this.reader = CsvReader.builder()
                .detectBomHeader(true)
                .allowExtraFields(true)
                .allowMissingFields(true)
                .allowUnclosedQuote(false)
                .ofCsvRecord(in, StandardCharsets.UTF_8);
        this.records = reader.iterator();
        try {
            if (!hasNext()) {
                throw new CsvFormatException("the file is empty: the first line must be a header naming the columns");
            }
            this.mapper = new CsvRowMapper(records.next().getFields());
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    /** @throws CsvFormatException when the header is missing or names unknown columns */
    public static CsvRowSource open(Path file) throws IOException {
        return open(Files.newInputStream(file));
    }

    /** Reads from a stream, which the source closes; gzip-compressed content is recognised and read as such. */
    public static CsvRowSource open(InputStream in) throws IOException {
        return new CsvRowSource(decompressedIfGzip(in));
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

    @Override
    public boolean hasNext() {
        try {
            return records.hasNext();
        } catch (UncheckedIOException | CsvParseException e) {
            throw malformed(e);
        }
    }

    @Override
    public SourceRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        CsvRecord record = records.next();
        lastLine = record.getStartingLineNumber();
        return mapper.map(record);
    }

    private CsvFormatException malformed(RuntimeException e) {
        return new CsvFormatException("the CSV is malformed after line " + lastLine + ": "
                + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
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
}
