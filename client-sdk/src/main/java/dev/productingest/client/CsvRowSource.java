package dev.productingest.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.io.input.BOMInputStream;

/**
 * Rows of an RFC 4180 CSV file in UTF-8 (a byte-order mark is skipped), read in constant memory.
 * The first record is the header; see {@link CsvRowMapper} for the columns.
 */
public final class CsvRowSource implements RowSource {
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setAllowMissingColumnNames(false)
            .get();

    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final CsvRowMapper mapper;

    private CsvRowSource(InputStream in) throws IOException {
        InputStream withoutBom = BOMInputStream.builder().setInputStream(in).get();
        try {
            this.parser = CSVParser.builder().setReader(new InputStreamReader(withoutBom, StandardCharsets.UTF_8)).setFormat(FORMAT).get();
        } catch (IllegalArgumentException | IllegalStateException e) {
            in.close();
            throw new CsvFormatException("the header cannot be read: " + e.getMessage(), e);
        }
        if (parser.getHeaderNames().isEmpty()) {
            parser.close();
            throw new CsvFormatException("the file is empty: the first line must be a header naming the columns");
        }
        this.mapper = new CsvRowMapper(parser.getHeaderNames());
        this.records = parser.iterator();
    }

    /** @throws CsvFormatException when the header is missing or names unknown columns */
    public static CsvRowSource open(Path file) throws IOException {
        return new CsvRowSource(Files.newInputStream(file));
    }

    /** Reads from a stream, which the source closes. */
    public static CsvRowSource open(InputStream in) throws IOException {
        return new CsvRowSource(in);
    }

    @Override
    public boolean hasNext() {
        try {
            return records.hasNext();
        } catch (UncheckedIOException | IllegalStateException e) {
            throw malformed(e);
        }
    }

    @Override
    public SourceRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        try {
            return mapper.map(records.next());
        } catch (UncheckedIOException | IllegalStateException e) {
            throw malformed(e);
        }
    }

    private CsvFormatException malformed(RuntimeException e) {
        return new CsvFormatException("the CSV is malformed near line " + parser.getCurrentLineNumber() + ": "
                + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
