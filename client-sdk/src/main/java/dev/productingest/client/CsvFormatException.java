package dev.productingest.client;

/** A CSV source that cannot be read as a catalog at all: no header, unknown columns, broken quoting. */
public final class CsvFormatException extends RuntimeException {
    public CsvFormatException(String message) {
        super(message);
    }

    public CsvFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
