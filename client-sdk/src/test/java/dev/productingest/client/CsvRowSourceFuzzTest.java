package dev.productingest.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.productingest.rules.DecimalMark;
import dev.productingest.rules.RowValidator;
import dev.productingest.v1.ProductRow;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The CSV reader over fuzzed files: every record becomes a row or an unreadable row with a reason, or the whole file is
 * refused as malformed; no other exception escapes, whatever the bytes. Bytes that are not in the file's encoding never
 * become text: no row, reason or refusal carries the marks the reader puts in their place (PostgreSQL's text, and so
 * the server, would make them U+FFFD), and no row the rules let through carries a U+FFFD. {@code mvn -B verify} replays
 * the committed corpus (src/test/resources).
 */
class CsvRowSourceFuzzTest {
    private static final String HEADER = "sku,name,price,currency,updated_at,stock,active,attr.colour\n";
    private static final Charset[] ENCODINGS = {
        StandardCharsets.UTF_8,
        Charset.forName("windows-1252"),
        StandardCharsets.ISO_8859_1,
        StandardCharsets.UTF_16LE,
        StandardCharsets.UTF_16BE,
        Charset.forName("Shift_JIS"),
        Charset.forName("GB18030")
    };
    private static final char[] DELIMITERS = {',', ';', '\t', '|'};

    @FuzzTest(maxDuration = "60s")
    void anyCsvBodyIsReadRowByRowOrRefusedAsMalformed(FuzzedDataProvider data) throws IOException {
        byte[] body = data.consumeRemainingAsBytes();
        readEveryRow(concat(HEADER.getBytes(StandardCharsets.UTF_8), body), CsvOptions.defaults());
    }

    @FuzzTest(maxDuration = "60s")
    void bytesNotInTheEncodingNeverBecomeText(FuzzedDataProvider data) throws IOException {
        Charset encoding = data.pickValue(ENCODINGS);
        char delimiter = DELIMITERS[data.consumeInt(0, DELIMITERS.length - 1)];
        DecimalMark mark = data.consumeBoolean() ? DecimalMark.COMMA : DecimalMark.POINT;
        byte[] body = data.consumeRemainingAsBytes();
        byte[] header = HEADER.replace(',', delimiter).getBytes(encoding);
        readEveryRow(
                concat(header, body),
                CsvOptions.defaults()
                        .withEncoding(encoding)
                        .withDelimiter(delimiter)
                        .withDecimalMark(mark));
    }

    private static void readEveryRow(byte[] file, CsvOptions options) throws IOException {
        try (CsvRowSource source = CsvRowSource.open(new ByteArrayInputStream(file), options)) {
            while (source.hasNext()) {
                SourceRow row = source.next();
                if (row.isReadable()) {
                    for (String text : texts(row.row())) {
                        assertNoMark(text);
                    }
                    if (RowValidator.validate(row.row()).isEmpty()) {
                        assertThat(texts(row.row())).noneMatch(text -> text.indexOf('\uFFFD') >= 0);
                    }
                } else {
                    assertThat(row.unreadable().field()).isNotEmpty();
                    assertThat(row.unreadable().reason()).isNotEmpty();
                    assertNoMark(row.sku());
                    assertNoMark(row.unreadable().field());
                    assertNoMark(row.unreadable().reason());
                }
            }
        } catch (CsvFormatException refused) {
            assertThat(refused.getMessage()).isNotEmpty();
            assertNoMark(refused.getMessage());
        }
    }

    private static List<String> texts(ProductRow row) {
        List<String> texts = new ArrayList<>(
                List.of(row.getSku(), row.getName(), row.getDescription(), row.getCategory(), row.getCurrency()));
        texts.addAll(row.getAttributesMap().keySet());
        texts.addAll(row.getAttributesMap().values());
        return texts;
    }

    /** No unpaired surrogate: the reader's marks, which no storage keeps as they are. */
    private static void assertNoMark(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c)
                    ? i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
                    : !Character.isLowSurrogate(c) || (i > 0 && Character.isHighSurrogate(text.charAt(i - 1)));
            assertThat(paired).as("an unpaired surrogate at %d in %s", i, text).isTrue();
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
