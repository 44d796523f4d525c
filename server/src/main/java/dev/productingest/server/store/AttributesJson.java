package dev.productingest.server.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.util.Map;

/**
 * A product's attributes as a JSON object of strings: written for every stored row (Jackson's string encoder does the
 * escaping; a whole generator per row cost more than the row's COPY), read back with the application's object mapper.
 */
final class AttributesJson {
    private static final TypeReference<Map<String, String>> TYPE = new TypeReference<>() {};

    private AttributesJson() {}

    /**
     * A reader of attributes, made once: {@code ObjectMapper.readValue} with a type reference resolves the type again
     * on every call, which showed in the server's profile (perf/NOTES.md).
     */
    static ObjectReader reader(ObjectMapper json) {
        return json.readerFor(TYPE);
    }

    static Map<String, String> read(ObjectReader reader, String text) {
        try {
            return reader.readValue(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored attributes are not a JSON object of strings: " + text, e);
        }
    }

    static String write(Map<String, String> attributes) {
        if (attributes.isEmpty()) {
            return "{}";
        }
        JsonStringEncoder encoder = JsonStringEncoder.getInstance();
        StringBuilder json = new StringBuilder(16 * attributes.size() + 2).append('{');
        for (Map.Entry<String, String> e : attributes.entrySet()) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"');
            encoder.quoteAsString(e.getKey(), json);
            json.append("\":\"");
            encoder.quoteAsString(e.getValue(), json);
            json.append('"');
        }
        return json.append('}').toString();
    }
}
