package dev.productingest.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The CSV reader over fuzzed files: every record becomes a row or an unreadable row with a reason,
 * or the whole file is refused as malformed; no other exception escapes, whatever the bytes.
 * {@code mvn -B verify} replays the committed corpus (src/test/resources).
 */
class CsvRowSourceFuzzTest {
    private static final String HEADER = "sku,name,price,currency,updated_at,stock,active,attr.colour\n";

    @FuzzTest(maxDuration = "60s")
    void anyCsvBodyIsReadRowByRowOrRefusedAsMalformed(FuzzedDataProvider data) throws IOException {
        byte[] body = data.consumeRemainingAsBytes();
        byte[] header = HEADER.getBytes(StandardCharsets.UTF_8);
        byte[] file = new byte[header.length + body.length];
        System.arraycopy(header, 0, file, 0, header.length);
        System.arraycopy(body, 0, file, header.length, body.length);
        try (CsvRowSource source = CsvRowSource.open(new ByteArrayInputStream(file))) {
            while (source.hasNext()) {
                SourceRow row = source.next();
                if (!row.isReadable()) {
                    assertThat(row.unreadable().field()).isNotEmpty();
                    assertThat(row.unreadable().reason()).isNotEmpty();
                }
            }
        } catch (CsvFormatException malformed) {
            assertThat(malformed.getMessage()).isNotEmpty();
        }
    }
}
