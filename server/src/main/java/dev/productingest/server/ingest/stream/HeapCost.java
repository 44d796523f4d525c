package dev.productingest.server.ingest.stream;

import dev.productingest.v1.ProductRow;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * What an IngestRequest costs in the heap once parsed, read from its wire bytes before it is parsed: the parsed message
 * and its rows held in batches, the stored versions a writer reads for those rows while it decides their updates, and
 * the arrays of the statement that writes them.
 *
 * <p>A row's cost follows from its shape: how many text fields it carries, the bytes of its text (counted twice in a
 * string holding a character beyond Latin-1, which Java stores in two bytes a character), and how many attributes it
 * has. The constants were measured with JOL on Java 17 (compressed references, 8-byte alignment) and are held to the
 * measured heap by {@code HeapCostTest}: a 26-byte row counts about 870 bytes in all, a 2 KB row about 9.7 KB. Anything
 * else in a message (a header, unreadable-row reports, fields this server does not know, which protobuf keeps in maps
 * of their own) is counted by an upper bound of what it can cost.
 */
record HeapCost(long rows, long parsed, long stored, long statements) {
    // The IngestRequest, its RowChunk and the list of rows.
    static final long MESSAGE = 128;
    // A ProductRow (80 bytes, its groups list shared while empty) with its updated_at Timestamp (40).
    static final long ROW = 120;
    // A String (24) and its byte array's header (16), padding included on average.
    static final long TEXT = 44;
    // Per row in a batch: its OffsetRow, and its places in the chunk's, the batch's and the writer's lists.
    static final long BATCH_ENTRY = 64;
    // A row's attributes map as protobuf keeps it (MapField, its maps, their table) ...
    static final long ATTRIBUTES = 256;
    // ... and per entry: the map's node and table slot, and the key's and value's strings.
    static final long ATTRIBUTE = 144;
    // A stored version read for update: its record, the writer's map node, the SKU key, the Instant
    // and the attributes map Jackson makes; its four text fields are strings even when empty (24
    // each). A price or stock version of its own (a product a price or stock feed wrote) is one more
    // Instant, 24 bytes, not counted: whole products, the most a batch holds, share the content's.
    static final long STORED = 184;
    static final long EMPTY_TEXT = 24;
    static final int TEXT_FIELDS = 5;
    static final long STORED_ATTRIBUTES = 80;
    // Jackson shares the attribute names it reads (its symbol table): per entry a node, a slot and the value's string.
    static final long STORED_ATTRIBUTE = 96;
    // The UPDATE's arrays for one row: boxed numbers, the timestamp and attributes as text, and the
    // driver's array literals, which hold the row's text once as a string and once encoded.
    static final long STATEMENT = 160;
    // Any field protobuf does not know (kept as an UnknownFieldSet entry, a boxed value or bytes, a
    // tree map node), a header, or a producer's report of an unreadable row: an upper bound.
    static final long UNKNOWN_FIELD = 256;
    static final long HEADER = 256;
    static final long ROW_ERROR = 128;

    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int LENGTH_DELIMITED = 2;
    private static final int FIXED32 = 5;

    /** Every byte a message's rows hold in the heap, from parse until their batch is written. */
    long heapBytes() {
        return parsed + stored + statements;
    }

    /**
     * Reads the message's wire bytes, {@code length} of them in {@code buffers}, without parsing it.
     *
     * @throws WireCursor.UnreadableMessage when the bytes are no IngestRequest
     */
    static HeapCost of(List<ByteBuffer> buffers, long length) {
        WireCursor in = new WireCursor(buffers);
        Sum sum = new Sum();
        sum.parsed += MESSAGE;
        while (in.position() < length) {
            long tag = in.readVarint();
            if (tag == (1 << 3 | LENGTH_DELIMITED)) {
                long size = in.readLength(length);
                sum.parsed += HEADER + upperBound(in, in.position() + size);
            } else if (tag == (2 << 3 | LENGTH_DELIMITED)) {
                long size = in.readLength(length);
                chunk(in, in.position() + size, sum);
            } else {
                sum.parsed += unknown(in, tag, length);
            }
        }
        endsAt(in, length);
        return new HeapCost(sum.rows, sum.parsed, sum.stored, sum.statements);
    }

    private static final class Sum {
        long rows;
        long parsed;
        long stored;
        long statements;
    }

    private static void chunk(WireCursor in, long end, Sum sum) {
        while (in.position() < end) {
            long tag = in.readVarint();
            if (tag == (1 << 3 | VARINT)) {
                in.readVarint();
            } else if (tag == (2 << 3 | LENGTH_DELIMITED)) {
                long size = in.readLength(end);
                row(in, in.position() + size, sum);
            } else if (tag == (3 << 3 | LENGTH_DELIMITED)) {
                long size = in.readLength(end);
                sum.rows++;
                // Read into a RowError, then kept as the row's reject until its batch is written.
                sum.parsed += 2 * (ROW_ERROR + upperBound(in, in.position() + size)) + BATCH_ENTRY;
            } else {
                sum.parsed += unknown(in, tag, end);
            }
        }
        endsAt(in, end);
    }

    private static void row(WireCursor in, long end, Sum sum) {
        int textFields = 0;
        long text = 0;
        int attributes = 0;
        long unknown = 0;
        while (in.position() < end) {
            long tag = in.readVarint();
            int field = (int) (tag >>> 3);
            int type = (int) (tag & 7);
            if (isText(field) && type == LENGTH_DELIMITED) {
                textFields++;
                text += text(in, end);
            } else if (isNumber(field) && type == VARINT) {
                in.readVarint();
            } else if (field == ProductRow.UPDATED_AT_FIELD_NUMBER && type == LENGTH_DELIMITED) {
                long size = in.readLength(end);
                unknown += timestamp(in, in.position() + size);
            } else if (field == ProductRow.ATTRIBUTES_FIELD_NUMBER && type == LENGTH_DELIMITED) {
                attributes++;
                long size = in.readLength(end);
                long entryEnd = in.position() + size;
                while (in.position() < entryEnd) {
                    long entryTag = in.readVarint();
                    if (entryTag == (1 << 3 | LENGTH_DELIMITED) || entryTag == (2 << 3 | LENGTH_DELIMITED)) {
                        text += text(in, entryEnd);
                    } else {
                        unknown += unknown(in, entryTag, entryEnd);
                    }
                }
                endsAt(in, entryEnd);
            } else {
                unknown += unknown(in, tag, end);
            }
        }
        endsAt(in, end);
        sum.rows++;
        sum.parsed += parsedRow(textFields, text, attributes) + unknown + BATCH_ENTRY;
        sum.stored += storedRow(textFields, text, attributes);
        sum.statements += statement(text);
    }

    private static boolean isText(int field) {
        return field == ProductRow.SKU_FIELD_NUMBER
                || field == ProductRow.NAME_FIELD_NUMBER
                || field == ProductRow.DESCRIPTION_FIELD_NUMBER
                || field == ProductRow.CATEGORY_FIELD_NUMBER
                || field == ProductRow.CURRENCY_FIELD_NUMBER;
    }

    private static boolean isNumber(int field) {
        return field == ProductRow.PRICE_MINOR_FIELD_NUMBER
                || field == ProductRow.STOCK_FIELD_NUMBER
                || field == ProductRow.ACTIVE_FIELD_NUMBER
                || field == ProductRow.DELETED_FIELD_NUMBER;
    }

    /** A parsed ProductRow: the row, its strings, its attributes map. */
    static long parsedRow(int textFields, long textBytes, int attributes) {
        return ROW + TEXT * textFields + textBytes + (attributes > 0 ? ATTRIBUTES + ATTRIBUTE * attributes : 0);
    }

    /** The stored version of the same product, as a writer reads it to decide an update. */
    static long storedRow(int textFields, long textBytes, int attributes) {
        return STORED
                + TEXT * textFields
                + EMPTY_TEXT * Math.max(0, TEXT_FIELDS - textFields)
                + textBytes
                + (attributes > 0 ? STORED_ATTRIBUTES + STORED_ATTRIBUTE * attributes : 0);
    }

    /** The row's share of the UPDATE statement's arrays, while it is sent. */
    static long statement(long textBytes) {
        return STATEMENT + 2 * textBytes;
    }

    /** A string's bytes in the heap: its UTF-8 length, or twice that when Java keeps it in two bytes a character. */
    private static long text(WireCursor in, long end) {
        long length = in.readLength(end);
        return in.skipText(length) ? 2 * length : length;
    }

    /**
     * The fields of a header or of an unreadable-row report, few and small in any real message: each counted as a field
     * protobuf does not know, its bytes twice (text that may be two bytes a character).
     */
    private static long upperBound(WireCursor in, long end) {
        long bytes = 0;
        while (in.position() < end) {
            long tag = in.readVarint();
            long kept = unknown(in, tag, end);
            bytes += kept + (kept - UNKNOWN_FIELD);
        }
        endsAt(in, end);
        return bytes;
    }

    /** A Timestamp's seconds and nanos cost nothing beyond the object counted with the row; anything else does. */
    private static long timestamp(WireCursor in, long end) {
        long extra = 0;
        while (in.position() < end) {
            long tag = in.readVarint();
            if (tag == (1 << 3 | VARINT) || tag == (2 << 3 | VARINT)) {
                in.readVarint();
            } else {
                extra += unknown(in, tag, end);
            }
        }
        endsAt(in, end);
        return extra;
    }

    /** Skips a field this scan does not count as a known one, and returns what protobuf keeps of it. */
    private static long unknown(WireCursor in, long tag, long end) {
        switch ((int) (tag & 7)) {
            case VARINT -> in.readVarint();
            case FIXED64 -> skipFixed(in, 8, end);
            case FIXED32 -> skipFixed(in, 4, end);
            case LENGTH_DELIMITED -> {
                long length = in.readLength(end);
                in.skip(length);
                return UNKNOWN_FIELD + length;
            }
            default ->
                throw new WireCursor.UnreadableMessage("wire type " + (tag & 7) + " of field " + (tag >>> 3)
                        + ", which no field of an IngestRequest has");
        }
        return UNKNOWN_FIELD;
    }

    /** A field that ran past the end of the message holding it: protobuf refuses such bytes too. */
    private static void endsAt(WireCursor in, long end) {
        if (in.position() != end) {
            throw new WireCursor.UnreadableMessage("a field runs past the end of the message holding it");
        }
    }

    private static void skipFixed(WireCursor in, long bytes, long end) {
        if (end - in.position() < bytes) {
            throw new WireCursor.UnreadableMessage("a fixed-size field beyond the end of its message");
        }
        in.skip(bytes);
    }
}
