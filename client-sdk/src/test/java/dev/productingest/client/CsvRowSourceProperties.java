package dev.productingest.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The CSV reader over generated files: every record becomes a row or an unreadable row with a
 * reason, or the whole file is refused as malformed; no other exception escapes, whatever the
 * bytes. A fixed seed keeps {@code mvn -B verify} repeatable.
 */
class CsvRowSourceProperties {
    private static final String HEADER = "sku,name,price,currency,updated_at,stock,active,attr.colour\n";

    @Property(seed = "20261123")
    void anyCsvBodyIsReadRowByRowOrRefusedAsMalformed(@ForAll("bodies") String body) throws Exception {
        byte[] bytes = (HEADER + body).getBytes(StandardCharsets.UTF_8);
        try (CsvRowSource source = CsvRowSource.open(new ByteArrayInputStream(bytes))) {
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

    @Provide
    Arbitrary<String> bodies() {
        Arbitrary<String> field = Arbitraries.oneOf(
                Arbitraries.strings().withChars("abc019.,\"\n\r\0 -:TZ").ofMaxLength(12),
                Arbitraries.of("SKU-1", "12.34", "1.001", "EUR", "JPY", "2024-05-01T12:00:00Z", "true", "-3", ""),
                Arbitraries.strings().ofMaxLength(12));
        Arbitrary<String> record = field.list().ofMinSize(0).ofMaxSize(10).map(fields -> String.join(",", fields));
        return record.list().ofMaxSize(8).map((List<String> lines) -> String.join("\n", lines));
    }
}
