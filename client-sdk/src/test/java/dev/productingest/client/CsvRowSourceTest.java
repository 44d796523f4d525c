package dev.productingest.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.productingest.rules.DecimalMark;
import dev.productingest.rules.RowValidator;
import dev.productingest.v1.FieldGroup;
import dev.productingest.v1.ProductRow;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
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

    static List<SourceRow> read(byte[] csv, CsvOptions options) throws Exception {
        List<SourceRow> rows = new ArrayList<>();
        try (CsvRowSource source = CsvRowSource.open(new ByteArrayInputStream(csv), options)) {
            source.forEachRemaining(rows::add);
        }
        return rows;
    }

    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (haystack[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
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
        assertThat(dessert.getUpdatedAt().getSeconds())
                .isEqualTo(Instant.parse("2024-05-01T12:00:00Z").getEpochSecond());
    }

    @Test
    void columnsMayComeInAnyOrderAndOptionalOnesMayBeMissing() throws Exception {
        List<SourceRow> rows =
                read("updated_at,currency,price,name,sku,attr.colour\n2024-01-01T00:00:00Z,USD,3,Pen,P-1,blue\n");

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
        assertThat(rows.get(1).row())
                .isEqualTo(ProductRow.newBuilder()
                        .setSku("B")
                        .setDeleted(true)
                        .setUpdatedAt(com.google.protobuf.Timestamp.newBuilder()
                                .setSeconds(
                                        Instant.parse("2024-01-02T00:00:00Z").getEpochSecond()))
                        .build());
        assertThat(rows.get(2).row().getDeleted())
                .as("a tombstone's price is never read")
                .isTrue();
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

        assertThat(rows)
                .extracting(r -> r.unreadable().field())
                .containsExactly("price", "price", "stock", "active", "updated_at", "currency", "row");
        assertThat(rows.get(0).unreadable().reason())
                .isEqualTo("line 2: price '12.345' has more than 2 fraction digits, the most EUR has");
        assertThat(rows.get(6).unreadable().reason())
                .contains("line 8")
                .contains("has 4 values; the header names 9 columns");
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
                .isInstanceOf(CsvFormatException.class)
                .hasMessageContaining("'name' twice");
    }

    @Test
    void aHeaderOnlyFileHasNoRows() throws Exception {
        assertThat(read(HEADER)).isEmpty();
    }

    @Test
    void anEmptyFileIsAClearError() {
        assertThatThrownBy(() -> read(""))
                .isInstanceOf(CsvFormatException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void unknownAndMissingColumnsAreClearErrors() {
        assertThatThrownBy(() -> read("sku,name,price,currency,updated_at,colour\n"))
                .isInstanceOf(CsvFormatException.class)
                .hasMessageContaining("unknown column 'colour'");
        assertThatThrownBy(() -> read("sku,name,currency,updated_at\n"))
                .isInstanceOf(CsvFormatException.class)
                .hasMessageContaining("no 'price' column");
    }

    @Test
    void aFileWithNamePriceAndCurrencyIsAWholeProductAsBeforeFieldGroupsWithOrWithoutStock() throws Exception {
        ProductRow withoutStock = read("sku,name,price,currency,updated_at\nA,Mug,1.00,EUR,2024-01-01T00:00:00Z\n")
                .get(0)
                .row();
        ProductRow withStock = read(HEADER + "A,Mug,,,1.00,EUR,3,true,2024-01-01T00:00:00Z\n")
                .get(0)
                .row();

        assertThat(withoutStock.getGroupsList()).isEmpty();
        assertThat(withoutStock.getStock()).isZero();
        assertThat(withoutStock.getActive()).isTrue();
        assertThat(withStock.getGroupsList()).isEmpty();
        assertThat(withStock.getStock()).isEqualTo(3);
    }

    @Test
    void aPriceFeedNamesThePriceGroupAndSetsNothingElse() throws Exception {
        List<SourceRow> rows = read("sku,price,currency,updated_at\nA,12.34,EUR,2024-05-01T00:00:00Z\n"
                + "B,1.001,EUR,2024-05-01T00:00:00Z\n");

        assertThat(rows.get(0).row())
                .isEqualTo(ProductRow.newBuilder()
                        .setSku("A")
                        .addGroups(FieldGroup.PRICE)
                        .setPriceMinor(1234)
                        .setCurrency("EUR")
                        .setUpdatedAt(timestamp("2024-05-01T00:00:00Z"))
                        .build());
        assertThat(RowValidator.validate(rows.get(0).row())).isEmpty();
        assertThat(rows.get(1).unreadable().reason()).startsWith("line 3: price '1.001' has more than 2 fraction");
    }

    @Test
    void aStockFeedNamesTheStockGroupAndSetsNothingElse() throws Exception {
        List<SourceRow> rows = read("SKU, Stock ,updated_at\nA,7,2024-05-01T00:00:00Z\nB,,2024-05-01T00:00:00Z\n"
                + "C,many,2024-05-01T00:00:00Z\n");

        assertThat(rows.get(0).row())
                .isEqualTo(ProductRow.newBuilder()
                        .setSku("A")
                        .addGroups(FieldGroup.STOCK)
                        .setStock(7)
                        .setUpdatedAt(timestamp("2024-05-01T00:00:00Z"))
                        .build());
        assertThat(rows.get(1).row().getStock())
                .as("empty is 0, as in a whole product")
                .isZero();
        assertThat(rows.stream().limit(2).map(r -> RowValidator.validate(r.row())))
                .allMatch(java.util.Optional::isEmpty);
        assertThat(rows.get(2).unreadable().reason()).isEqualTo("line 4: stock 'many' is not a whole number");
    }

    @Test
    void otherColumnsNameTheGroupsTheyCarryWholeContentWithItsOptionalColumns() throws Exception {
        ProductRow contentAndStock = read("sku,name,attr.colour,stock,updated_at\nA,Mug,blue,4,2024-05-01T00:00:00Z\n")
                .get(0)
                .row();
        ProductRow priceAndStock = read("sku,price,currency,stock,updated_at\nA,3,USD,4,2024-05-01T00:00:00Z\n")
                .get(0)
                .row();

        assertThat(contentAndStock.getGroupsList()).containsExactly(FieldGroup.CONTENT, FieldGroup.STOCK);
        assertThat(contentAndStock.getActive())
                .as("content is carried whole: active by default")
                .isTrue();
        assertThat(contentAndStock.getAttributesMap()).containsEntry("colour", "blue");
        assertThat(contentAndStock.getCurrency()).isEmpty();
        assertThat(RowValidator.validate(contentAndStock)).isEmpty();
        assertThat(priceAndStock.getGroupsList()).containsExactly(FieldGroup.PRICE, FieldGroup.STOCK);
        assertThat(priceAndStock.getName()).isEmpty();
        assertThat(RowValidator.validate(priceAndStock)).isEmpty();
    }

    @Test
    void aFeedsTombstonesNameNoGroup() throws Exception {
        List<SourceRow> rows =
                read("sku,stock,updated_at,deleted\nA,5,2024-05-01T00:00:00Z,\n" + "B,,2024-05-02T00:00:00Z,true\n");

        assertThat(rows.get(0).row().getGroupsList()).containsExactly(FieldGroup.STOCK);
        assertThat(rows.get(1).row())
                .isEqualTo(ProductRow.newBuilder()
                        .setSku("B")
                        .setDeleted(true)
                        .setUpdatedAt(timestamp("2024-05-02T00:00:00Z"))
                        .build());
        assertThat(RowValidator.validate(rows.get(1).row())).isEmpty();
    }

    @Test
    void aFileOfOnlySkuUpdatedAtAndDeletedReadsTombstonesAndRejectsRowsThatAreNot() throws Exception {
        List<SourceRow> rows =
                read("sku,updated_at,deleted\nA,2024-05-01T00:00:00Z,true\nB,2024-05-01T00:00:00Z,false\n");

        assertThat(rows.get(0).row().getDeleted()).isTrue();
        assertThat(rows.get(1).unreadable().field()).isEqualTo("deleted");
        assertThat(rows.get(1).unreadable().reason())
                .isEqualTo("line 3: deleted is not true, but the file has no product columns (name, price and"
                        + " currency, or stock) to keep it with: it can only delete products");
    }

    @Test
    void aHeaderCarryingAGroupInPartOrNoGroupAtAllIsAClearErrorNamingWhatToAdd() {
        assertThatThrownBy(() -> read("sku,Description,attr.size,category,price,currency,updated_at\n"))
                .isInstanceOf(CsvFormatException.class)
                .hasMessage("the header has description, category, attr.size but no 'name' column: these are the"
                        + " product's content, which is carried whole with its name; add a 'name' column, or leave"
                        + " them out of a price or stock feed");
        assertThatThrownBy(() -> read("sku,price,updated_at\n"))
                .isInstanceOf(CsvFormatException.class)
                .hasMessage("the header has a 'price' column but no 'currency' column: add 'currency', the ISO 4217"
                        + " code of each price");
        assertThatThrownBy(() -> read("sku,stock,currency,updated_at\n"))
                .isInstanceOf(CsvFormatException.class)
                .hasMessage("the header has a 'currency' column but no 'price' column: add 'price', or leave"
                        + " 'currency' out");
        assertThatThrownBy(() -> read("sku,updated_at\n"))
                .isInstanceOf(CsvFormatException.class)
                .hasMessage("the header carries no product fields: add name, price and currency (a whole product),"
                        + " price and currency (a price feed) or stock (a stock feed); a file that only deletes"
                        + " products has a 'deleted' column");
    }

    private static com.google.protobuf.Timestamp timestamp(String instant) {
        return com.google.protobuf.Timestamp.newBuilder()
                .setSeconds(Instant.parse(instant).getEpochSecond())
                .build();
    }

    @Test
    void anUnterminatedQuoteIsAClearErrorWithTheLine() {
        assertThatThrownBy(() -> read(HEADER + "A,\"Mug,,,1,EUR,1,true,2024-01-01T00:00:00Z\n"))
                .isInstanceOf(CsvFormatException.class)
                .hasMessageContaining("malformed");
    }

    @Test
    void gzipContentIsRecognisedWhateverTheName() throws Exception {
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(packed)) {
            gzip.write(
                    (HEADER + "Z-1,Zipped,,,2.50,EUR,3,true,2024-01-01T00:00:00Z\n").getBytes(StandardCharsets.UTF_8));
        }
        try (CsvRowSource source = CsvRowSource.open(new ByteArrayInputStream(packed.toByteArray()))) {
            SourceRow row = source.next();
            assertThat(row.row().getName()).isEqualTo("Zipped");
            assertThat(row.row().getPriceMinor()).isEqualTo(250);
            assertThat(source.hasNext()).isFalse();
        }
    }

    /** A spreadsheet's export on Windows: mostly ASCII, a few names with accents and the euro sign. */
    private static byte[] windows1252Catalog() {
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 0; i < 9; i++) {
            csv.append("P-").append(i).append(",Mug ").append(i).append(",,,1.00,EUR,1,true,2024-01-01T00:00:00Z\r\n");
        }
        csv.append("CAFE,Café crème € 5,,,5.00,EUR,1,true,2024-01-01T00:00:00Z\r\n");
        return csv.toString().getBytes(WINDOWS_1252);
    }

    @Test
    void bytesNotInUtf8RejectTheirRowNamingLineColumnOffsetAndTheEncodingTheyLookLike() throws Exception {
        byte[] file = windows1252Catalog();

        List<SourceRow> rows = read(file);

        assertThat(rows).hasSize(10);
        assertThat(rows.subList(0, 9)).allMatch(SourceRow::isReadable);
        SourceRow cafe = rows.get(9);
        assertThat(cafe.isReadable()).isFalse();
        assertThat(cafe.sku()).isEqualTo("CAFE");
        assertThat(cafe.unreadable().field()).isEqualTo("name");
        int offset = indexOf(file, "Caf".getBytes(StandardCharsets.US_ASCII)) + 3;
        assertThat(cafe.unreadable().reason())
                .isEqualTo(
                        "line 11, column 2 (name), byte offset " + offset
                                + ": name 'Caf\\xE9 cr\\xE8me \\x80 5' holds bytes that are not UTF-8; the file looks like windows-1252: try --encoding windows-1252");
        assertThat(cafe.unreadable().reason()).doesNotContain("\uFFFD");
    }

    @Test
    void withItsEncodingAWindows1252FileReadsExactly() throws Exception {
        List<SourceRow> rows = read(windows1252Catalog(), CsvOptions.defaults().withEncoding(WINDOWS_1252));

        assertThat(rows).hasSize(10).allMatch(SourceRow::isReadable);
        assertThat(rows.get(9).row().getName()).isEqualTo("Café crème € 5");
    }

    @Test
    void aFileWhoseRowsMostlyAreNotInTheEncodingIsRefusedBeforeAnyRowNamingTheEncodingItLooksLike() {
        byte[] file = (HEADER + "A,Café,,,1.00,EUR,1,true,2024-01-01T00:00:00Z\n"
                        + "B,Thé,,,1.00,EUR,1,true,2024-01-01T00:00:00Z\n"
                        + "C,Mug,,,1.00,EUR,1,true,2024-01-01T00:00:00Z\n")
                .getBytes(WINDOWS_1252);

        assertThatThrownBy(() -> CsvRowSource.open(new ByteArrayInputStream(file)))
                .isInstanceOf(CsvFormatException.class)
                .hasMessage(
                        "the file is not UTF-8: 2 of its first 3 rows hold bytes that are not UTF-8 (the first: line 2, column 2 (name),"
                                + " byte offset " + (HEADER.length() + 5)
                                + ", 'Caf\\xE9'); the file looks like windows-1252: try --encoding windows-1252");
    }

    @Test
    void aHeaderWithBytesNotInTheEncodingIsRefusedSayingWhere() {
        byte[] file = "sku,name,price,currency,updated_at,attr.Größe\n".getBytes(WINDOWS_1252);

        assertThatThrownBy(() -> CsvRowSource.open(new ByteArrayInputStream(file)))
                .isInstanceOf(CsvFormatException.class)
                .hasMessage(
                        "line 1, column 6, byte offset 42: the header 'attr.Gr\\xF6\\xDFe' holds bytes that are not UTF-8;"
                                + " the file looks like windows-1252: try --encoding windows-1252");
    }

    @Test
    void aByteOffsetIsCountedInTheFileEvenAcrossQuotedLineBreaksAndGzip() throws Exception {
        byte[] csv = concat(
                new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                (HEADER
                                + "A,Mug,\"first line\r\nsecond \u00e9 line\",,1,EUR,1,true,2024-01-01T00:00:00Z\r\n"
                                + "B,Mug,,,1,EUR,1,true,2024-01-01T00:00:00Z\r\n"
                                + "C,Mug,,,1,EUR,1,true,2024-01-01T00:00:00Z\r\n")
                        .getBytes(WINDOWS_1252));
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(packed)) {
            gzip.write(csv);
        }
        int offset = indexOf(csv, "second ".getBytes(StandardCharsets.US_ASCII)) + 7;

        for (byte[] file : List.of(csv, packed.toByteArray())) {
            SourceRow row = read(file).get(0);

            assertThat(row.unreadable().field()).isEqualTo("description");
            assertThat(row.unreadable().reason())
                    .startsWith("line 3, column 3 (description), byte offset " + offset + ": description"
                            + " 'first line\r\nsecond \\xE9 line'");
        }
    }

    @Test
    void bytesNotInTheEncodingInTheSkuShowInTheRejectedRowsSkuAsEscapes() throws Exception {
        byte[] file = concat(
                HEADER.getBytes(StandardCharsets.US_ASCII),
                "OK,Mug,,,1,EUR,1,true,2024-01-01T00:00:00Z\nCR\u00c8ME,Mug,,,1,EUR,1,true,2024-01-01T00:00:00Z\n"
                        .getBytes(WINDOWS_1252),
                "OK2,Mug,,,1,EUR,1,true,2024-01-01T00:00:00Z\n".getBytes(StandardCharsets.US_ASCII));

        List<SourceRow> rows = read(file);

        assertThat(rows.get(1).sku()).isEqualTo("CR\\xC8ME");
        assertThat(rows.get(1).unreadable().field()).isEqualTo("sku");
        assertThat(rows.get(1).unreadable().reason()).startsWith("line 3, column 1 (sku), byte offset ");
        assertThat(rows.get(2).row().getSku()).isEqualTo("OK2");
    }

    @Test
    void aUtf16ByteOrderMarkIsHonouredWithoutBeingAsked() throws Exception {
        String csv = HEADER + "U-1,Crème brûlée 日本 €,,,1.50,EUR,1,true,2024-01-01T00:00:00Z\r\n";
        for (Charset utf16 : List.of(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE)) {
            byte[] bom = "\uFEFF".getBytes(utf16);

            List<SourceRow> rows =
                    read(concat(bom, csv.getBytes(utf16)), CsvOptions.defaults().withEncoding(WINDOWS_1252));

            assertThat(rows).hasSize(1);
            assertThat(rows.get(0).row().getName()).as(utf16.name()).isEqualTo("Crème brûlée 日本 €");
        }
    }

    @Test
    void utf16WithoutAByteOrderMarkReadsWhenNamedAndIsRecognisedWhenNot() throws Exception {
        byte[] file =
                (HEADER + "U-1,Crème,,,1.50,EUR,1,true,2024-01-01T00:00:00Z\r\n").getBytes(StandardCharsets.UTF_16LE);

        assertThat(read(file, CsvOptions.defaults().withEncoding(StandardCharsets.UTF_16LE))
                        .get(0)
                        .row()
                        .getName())
                .isEqualTo("Crème");
        assertThatThrownBy(() -> read(file))
                .isInstanceOf(CsvFormatException.class)
                .hasMessage(
                        "the header holds NUL characters, which no UTF-8 text has; the file looks like UTF-16LE: try --encoding UTF-16LE");
    }

    @Test
    void aSemicolonSeparatedFileWithDecimalCommasAndCapitalisedHeadersReadsWithItsOptions() throws Exception {
        byte[] file = ("SKU; Name ;Price;CURRENCY;Updated_At;Stock;ATTR.Colour;attr.colour\r\n"
                        + "A-1;Mug;12,34;EUR;2024-01-01T00:00:00Z;3;Blue;navy\r\n"
                        + "A-2;\"Cup; large\";1.234,5;EUR;2024-01-01T00:00:00Z;0;;\r\n"
                        + "A-3;Pot;1.234;EUR;2024-01-01T00:00:00Z;0;;\r\n")
                .getBytes(StandardCharsets.UTF_8);

        List<SourceRow> rows =
                read(file, CsvOptions.defaults().withDelimiter(';').withDecimalMark(DecimalMark.COMMA));

        assertThat(rows.get(0).row().getPriceMinor()).isEqualTo(1234);
        assertThat(rows.get(0).row().getStock()).isEqualTo(3);
        assertThat(rows.get(0).row().getAttributesMap())
                .containsEntry("Colour", "Blue")
                .containsEntry("colour", "navy")
                .hasSize(2);
        assertThat(rows.get(1).row().getName()).isEqualTo("Cup; large");
        assertThat(rows.get(1).row().getPriceMinor()).isEqualTo(123_450);
        assertThat(rows.get(2).unreadable().reason())
                .isEqualTo("line 4: price '1.234' is ambiguous: 1234 with a thousands point,"
                        + " or 1,234 with a decimal point; write it without the point, or with a comma");
    }

    @Test
    void aHeaderThatWouldReadWithAnotherDelimiterNamesIt() {
        assertThatThrownBy(() -> read("sku;name;price;currency;updated_at\nA;Mug;1,00;EUR;2024-01-01T00:00:00Z\n"))
                .isInstanceOf(CsvFormatException.class)
                .hasMessageStartingWith("the header has no 'sku' column")
                .hasMessageEndingWith("; the file looks ;-separated: try --delimiter ';'");
        assertThatThrownBy(() -> read("sku\tname\tprice\tcurrency\tupdated_at\n"))
                .hasMessageEndingWith("; the file looks tab-separated: try --delimiter tab");
        assertThatThrownBy(() -> read("sku|name|price|currency|updated_at\n".getBytes(StandardCharsets.UTF_16BE)))
                .hasMessageEndingWith(
                        "; the file looks like UTF-16BE, |-separated: try --encoding UTF-16BE --delimiter '|'");
        assertThatThrownBy(() -> read(
                        "sku,name,price,currency,updated_at\n".getBytes(StandardCharsets.UTF_8),
                        CsvOptions.defaults().withDelimiter(';')))
                .hasMessageEndingWith("; the file looks ,-separated: try --delimiter ','");
    }

    @Test
    void aHeaderWithAnUnknownColumnGetsNoHintWhenNoOtherWayReadsIt() {
        assertThatThrownBy(() -> read("sku;name;price;currency;updated_at;colour\n"))
                .isInstanceOf(CsvFormatException.class)
                .hasMessageStartingWith("the header has no 'sku' column")
                .hasMessageNotContaining("try");
    }

    @Test
    void headerNamesMatchWithoutRegardToCaseOrSpacesButNotTwice() throws Exception {
        List<SourceRow> rows =
                read(" SKU ,NAME,Price,currency,UPDATED_AT, attr.Size \nA,Mug,1,EUR,2024-01-01T00:00:00Z,XL\n");
        assertThat(rows.get(0).row().getAttributesMap()).containsExactlyEntriesOf(java.util.Map.of("Size", "XL"));

        assertThatThrownBy(() -> read("sku,name,price,currency,updated_at,SKU\n"))
                .isInstanceOf(CsvFormatException.class)
                .hasMessage("the header names the column 'sku' twice: column 1 'sku' and column 6 'SKU'");
        assertThatThrownBy(() -> read("sku,name,price,currency,updated_at,attr.Size,ATTR.Size\n"))
                .isInstanceOf(CsvFormatException.class)
                .hasMessageContaining("'attr.Size' twice");
    }

    @Test
    void aPriceWithADecimalCommaReadWithoutTheOptionSaysWhichOptionReadsIt() throws Exception {
        List<SourceRow> rows = read(HEADER + "A,Mug,,,\"12,34\",EUR,1,true,2024-01-01T00:00:00Z\n"
                + "B,Mug,,,\"1,2,3\",EUR,1,true,2024-01-01T00:00:00Z\n");

        assertThat(rows.get(0).unreadable().reason())
                .isEqualTo(
                        "line 2: price '12,34' is not a decimal number; the file may write decimal commas: try --decimal-comma");
        assertThat(rows.get(1).unreadable().reason()).isEqualTo("line 3: price '1,2,3' is not a decimal number");
    }

    @Test
    void aByteOrderMarkDecidesTheEncodingOverTheOneTold() throws Exception {
        byte[] file = concat(
                new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                (HEADER + "A,Crème,,,1,EUR,1,true,2024-01-01T00:00:00Z\n").getBytes(StandardCharsets.UTF_8));

        assertThat(read(file, CsvOptions.defaults().withEncoding(WINDOWS_1252))
                        .get(0)
                        .row()
                        .getName())
                .isEqualTo("Crème");
    }

    @Test
    void aCharacterCutOffAtTheEndOfTheFileIsMarkedNotReplaced() throws Exception {
        byte[] file = concat(
                (HEADER + "A,Mug,,,1,EUR,1,true,2024-01-01T00:00:00Z\nB,Mug,,,1,EUR,1,true,2024-01-01T00:00:00Z\n"
                                + "C,Mug,,,1,EUR,1,true,2024-01-01T00:00:00Z,")
                        .getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xE2, (byte) 0x82});

        SourceRow cut = read(file).get(2);

        assertThat(cut.unreadable().field()).isEqualTo("row");
        assertThat(cut.unreadable().reason())
                .contains("column 10, byte offset " + (file.length - 2) + ": '\\xE2\\x82' holds bytes");
    }
}
