package dev.productingest.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.productingest.v1.ProductRow;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class CsvRowSourceTest {
    private static final String HEADER = "sku,name,description,category,price,currency,stock,active,updated_at\r\n";

    static List<SourceRow> read(byte[] csv) throws Exception {
        List<SourceRow> rows = new ArrayList<>();
        try (CsvRowSource source = CsvRowSource.open(new ByteArrayInputStream(csv))) {
            source.forEachRemaining(rows::add);
        }
        return rows;
    }

    static List<SourceRow> read(String csv) throws Exception {
        return read(csv.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void quotedCommasDoubledQuotesNewlinesBomAndNonAsciiReadExactly() throws Exception {
        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        csv.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        csv.write((HEADER
                + "A-1,\"Mug, large\",\"He said \"\"hi\"\"\",kitchen,12.34,EUR,5,true,2024-05-01T12:00:00.123456Z\r\n"
                + "Ü-2,Crème brûlée 日本,\"line one\r\nline two\",food,1500,JPY,0,false,2024-05-01T14:00:00+02:00\r\n")
                .getBytes(StandardCharsets.UTF_8));

        List<SourceRow> rows = read(csv.toByteArray());

        assertThat(rows).hasSize(2).allMatch(SourceRow::isReadable);
        ProductRow mug = rows.get(0).row();
        assertThat(mug.getSku()).isEqualTo("A-1");
        assertThat(mug.getName()).isEqualTo("Mug, large");
        assertThat(mug.getDescription()).isEqualTo("He said \"hi\"");
        assertThat(mug.getPriceMinor()).isEqualTo(1234);
        assertThat(mug.getStock()).isEqualTo(5);
        assertThat(mug.getActive()).isTrue();
        assertThat(mug.getUpdatedAt().getNanos()).isEqualTo(123_456_000);
        ProductRow dessert = rows.get(1).row();
        assertThat(dessert.getSku()).isEqualTo("Ü-2");
        assertThat(dessert.getName()).isEqualTo("Crème brûlée 日本");
        assertThat(dessert.getDescription()).isEqualTo("line one\r\nline two");
        assertThat(dessert.getPriceMinor()).isEqualTo(1500);
        assertThat(dessert.getActive()).isFalse();
        assertThat(dessert.getUpdatedAt().getSeconds()).isEqualTo(Instant.parse("2024-05-01T12:00:00Z").getEpochSecond());
    }

    @Test
    void columnsMayComeInAnyOrderAndOptionalOnesMayBeMissing() throws Exception {
        List<SourceRow> rows = read("updated_at,currency,price,name,sku,attr.colour\n2024-01-01T00:00:00Z,USD,3,Pen,P-1,blue\n");

        ProductRow pen = rows.get(0).row();
        assertThat(pen.getSku()).isEqualTo("P-1");
        assertThat(pen.getPriceMinor()).isEqualTo(300);
        assertThat(pen.getStock()).isZero();
        assertThat(pen.getActive()).isTrue();
        assertThat(pen.getAttributesMap()).containsEntry("colour", "blue");
    }

    @Test
    void aRowMarkedDeletedIsATombstoneOfItsSkuAndVersionWhateverItsOtherValues() throws Exception {
        List<SourceRow> rows = read("sku,name,price,currency,updated_at,deleted\n"
                + "A,Mug,1.00,EUR,2024-01-01T00:00:00Z,\n"
                + "B,,,,2024-01-02T00:00:00Z,true\n"
                + "C,Cup,abc,EUR,2024-01-03T00:00:00Z,TRUE\n"
                + "D,,,,later,true\n"
                + "E,Mug,1.00,EUR,2024-01-01T00:00:00Z,gone\n");

        assertThat(rows.get(0).row().getDeleted()).isFalse();
        assertThat(rows.get(1).row()).isEqualTo(ProductRow.newBuilder().setSku("B").setDeleted(true)
                .setUpdatedAt(com.google.protobuf.Timestamp.newBuilder().setSeconds(Instant.parse("2024-01-02T00:00:00Z").getEpochSecond()))
                .build());
        assertThat(rows.get(2).row().getDeleted()).as("a tombstone's price is never read").isTrue();
        assertThat(rows.get(3).unreadable().field()).isEqualTo("updated_at");
        assertThat(rows.get(4).unreadable().reason()).isEqualTo("line 6: deleted 'gone' is not true or false");
    }

    @Test
    void valuesThatCannotBeReadBecomeUnreadableRowsNamingTheLine() throws Exception {
        List<SourceRow> rows = read(HEADER
                + "A,Mug,,,12.345,EUR,1,true,2024-01-01T00:00:00Z\n"
                + "B,Mug,,,abc,EUR,1,true,2024-01-01T00:00:00Z\n"
                + "C,Mug,,,1,EUR,many,true,2024-01-01T00:00:00Z\n"
                + "D,Mug,,,1,EUR,1,yes,2024-01-01T00:00:00Z\n"
                + "E,Mug,,,1,EUR,1,true,yesterday\n"
                + "F,Mug,,,1,ZZZ,1,true,2024-01-01T00:00:00Z\n"
                + "G,Mug,1,EUR\n");

        assertThat(rows).extracting(r -> r.unreadable().field())
                .containsExactly("price", "price", "stock", "active", "updated_at", "currency", "row");
        assertThat(rows.get(0).unreadable().reason()).isEqualTo("line 2: price '12.345' has more than 2 fraction digits, the most EUR has");
        assertThat(rows.get(6).unreadable().reason()).contains("line 8").contains("has 4 values; the header names 9 columns");
        assertThat(rows).extracting(SourceRow::sku).containsExactly("A", "B", "C", "D", "E", "F", "G");
    }

    @Test
    void linesAreCountedInTheFileSoARecordAfterAnEmbeddedNewlineNamesItsOwnLine() throws Exception {
        List<SourceRow> rows = read(HEADER
                + "A,Mug,\"two\nlines\",,1,EUR,1,true,2024-01-01T00:00:00Z\r\n"
                + "\r\n"
                + "B,Mug,,,1.001,EUR,1,true,2024-01-01T00:00:00Z\r\n");

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).row().getDescription()).isEqualTo("two\nlines");
        assertThat(rows.get(1).unreadable().reason()).startsWith("line 5: price");
    }

    @Test
    void aColumnNamedTwiceIsAClearError() {
        assertThatThrownBy(() -> read("sku,name,price,currency,updated_at,name\n"))
                .isInstanceOf(CsvFormatException.class).hasMessageContaining("'name' twice");
    }

    @Test
    void aHeaderOnlyFileHasNoRows() throws Exception {
        assertThat(read(HEADER)).isEmpty();
    }

    @Test
    void anEmptyFileIsAClearError() {
        assertThatThrownBy(() -> read("")).isInstanceOf(CsvFormatException.class).hasMessageContaining("empty");
    }

    @Test
    void unknownAndMissingColumnsAreClearErrors() {
        assertThatThrownBy(() -> read("sku,name,price,currency,updated_at,colour\n"))
                .isInstanceOf(CsvFormatException.class).hasMessageContaining("unknown column 'colour'");
        assertThatThrownBy(() -> read("sku,name,currency,updated_at\n"))
                .isInstanceOf(CsvFormatException.class).hasMessageContaining("no 'price' column");
    }

    @Test
    void anUnterminatedQuoteIsAClearErrorWithTheLine() {
        assertThatThrownBy(() -> read(HEADER + "A,\"Mug,,,1,EUR,1,true,2024-01-01T00:00:00Z\n"))
                .isInstanceOf(CsvFormatException.class).hasMessageContaining("malformed");
    }

    @Test
    void gzipContentIsRecognisedWhateverTheName() throws Exception {
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(packed)) {
            gzip.write((HEADER + "Z-1,Zipped,,,2.50,EUR,3,true,2024-01-01T00:00:00Z\n").getBytes(StandardCharsets.UTF_8));
        }
        try (CsvRowSource source = CsvRowSource.open(new ByteArrayInputStream(packed.toByteArray()))) {
            SourceRow row = source.next();
            assertThat(row.row().getName()).isEqualTo("Zipped");
            assertThat(row.row().getPriceMinor()).isEqualTo(250);
            assertThat(source.hasNext()).isFalse();
        }
    }
}
