package dev.productingest.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttributesJsonTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void emptyAttributesAreAnEmptyObject() {
        assertThat(AttributesJson.write(Map.of())).isEqualTo("{}");
    }

    @Test
    void quotesBackslashesControlAndNonAsciiCharactersReadBackExactly() throws Exception {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("size \"L\"", "C:\\path\\to");
        attributes.put("note", "line one\nline two\ttabbed \u0001");
        attributes.put("größe", "日本語 – ✓");

        String written = AttributesJson.write(attributes);

        assertThat(json.readValue(written, new TypeReference<Map<String, String>>() {}))
                .isEqualTo(attributes);
    }
}
