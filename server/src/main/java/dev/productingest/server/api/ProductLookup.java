package dev.productingest.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.productingest.rules.RowValidator;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The answer to a lookup of SKUs, as the JSON {@code {"products":[...],"missing":[...],"unread":[...]}}: the products
 * found, in the order asked, each product as {@code GET /products/{sku}} answers it; the SKUs with no product; and the
 * SKUs whose products did not fit. Bounded by bytes as a {@link ProductPage} is: once a product would take the answer
 * past {@code maxBytes}, it and every SKU after it are {@code unread}, to be asked for again, and are not read at all.
 */
public final class ProductLookup {
    private static final byte[] START = "{\"products\":[".getBytes(StandardCharsets.US_ASCII);
    // Kept free for the two lists of SKUs: every SKU asked may end up in one of them, each at its
    // longest with every character escaped (\\uXXXX), in quotes, after a comma.
    private static final int ROOM_PER_SKU = 6 * RowValidator.MAX_SKU + 3;
    private static final int ROOM_FOR_END = "],\"missing\":[],\"unread\":[]}".length();

    private final ObjectWriter json;
    private final int maxBytes;
    private final int endRoom;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final List<String> missing = new ArrayList<>();
    private final List<String> unread = new ArrayList<>();
    private int products;

    /** An empty answer for {@code asked} SKUs, of at most {@code maxBytes} bytes of JSON. */
    public ProductLookup(ObjectWriter json, int asked, int maxBytes) {
        this.json = json;
        this.maxBytes = maxBytes;
        this.endRoom = ROOM_FOR_END + asked * ROOM_PER_SKU;
        out.writeBytes(START);
    }

    /** Whether the next SKU is worth reading: false once a product did not fit. */
    public boolean hasRoom() {
        return unread.isEmpty();
    }

    /**
     * Adds a product found, as its JSON; when it would take the answer past the bound, its SKU is unread instead. The
     * first product always fits, so that a client asking again moves on.
     */
    public void found(String sku, byte[] product) {
        int separator = products == 0 ? 0 : 1;
        if (!hasRoom() || (products > 0 && out.size() + separator + product.length + endRoom > maxBytes)) {
            unread.add(sku);
            return;
        }
        if (separator > 0) {
            out.write(',');
        }
        out.writeBytes(product);
        products++;
    }

    public void missing(String sku) {
        missing.add(sku);
    }

    /** A SKU left for the client to ask for again, once the answer is full. */
    public void unread(String sku) {
        unread.add(sku);
    }

    public byte[] toJson() {
        out.writeBytes("],\"missing\":".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(write(missing));
        out.writeBytes(",\"unread\":".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(write(unread));
        out.write('}');
        return out.toByteArray();
    }

    private byte[] write(List<String> skus) {
        try {
            return json.writeValueAsBytes(skus);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
