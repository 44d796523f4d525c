package dev.productingest.server.resources;

import static org.assertj.core.api.Assertions.assertThat;

import dev.productingest.server.testing.AcceptedSkus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which raw path segments the filter reads a SKU from itself; every other one is left to Jersey. */
class SkuPathsTest {
    @Test
    void unreservedCharactersAndEscapesOfUtf8NameTheSkuTheyDecodeTo() {
        assertThat(SkuPaths.plainSku("SKU-000000042")).contains("SKU-000000042");
        assertThat(SkuPaths.plainSku("S%2FM%2fL")).contains("S/M/L");
        assertThat(SkuPaths.plainSku("%C3%89-%c3%bc")).contains("É-ü");
        assertThat(SkuPaths.plainSku("%2E%2E")).contains("..");
        assertThat(SkuPaths.plainSku("C%25D")).contains("C%D");
        assertThat(SkuPaths.plainSku("a~b_c.d")).contains("a~b_c.d");
    }

    @Test
    void everyAcceptedSkuEncodedWholeReadsBack() {
        List<String> wrong = new ArrayList<>();
        for (String sku : AcceptedSkus.NAMED) {
            StringBuilder encoded = new StringBuilder();
            for (byte b : sku.getBytes(StandardCharsets.UTF_8)) {
                encoded.append(String.format("%%%02X", b & 0xFF));
            }
            if (!SkuPaths.plainSku(encoded.toString()).equals(java.util.Optional.of(sku))) {
                wrong.add(AcceptedSkus.codePoints(sku));
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void anythingElseIsLeftToJersey() {
        for (String raw : new String[] {
            "",
            ".",
            "..",
            "a+b",
            "a;b",
            "a=b",
            "a:b",
            "a@b",
            "a!b",
            "a%",
            "a%2",
            "a%zz",
            "a%2G",
            "%FF",
            "%C3",
            "%ED%A0%80",
            "a%20b",
            "a%00b",
            "%E2%80%A8",
            "%EF%BF%BD",
            "x".repeat(65)
        }) {
            assertThat(SkuPaths.plainSku(raw)).as(raw).isEmpty();
        }
    }
}
