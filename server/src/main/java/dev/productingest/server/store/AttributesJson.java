package dev.productingest.server.store;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.Map;

/**
 * A product's attributes as a JSON object of strings, written for every stored row. Jackson's
 * string encoder does the escaping; a whole generator per row cost more than the row's COPY.
 */
final class AttributesJson {
    private AttributesJson() {
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
