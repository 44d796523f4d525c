package dev.productingest.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.productingest.rules.RowValidator;
import dev.productingest.server.store.StoredProduct;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * One page of products in SKU order, as the JSON {@code {"products":[...],"next":...}}: {@code next} is the
 * {@code after} of the following page, null on the last. Bounded by rows and by bytes: a product that would take the
 * page past {@code maxBytes} is left for the next page, so a page of large products is short rather than large. Each
 * product is written once, as it is added.
 */
public final class ProductPage {
    private static final byte[] START = "{\"products\":[".getBytes(StandardCharsets.US_ASCII);
    private static final String NEXT = "],\"next\":";
    // Kept free for the end: NEXT, the longest SKU with every character escaped (\\uXXXX), quotes, '}'.
    private static final int END_ROOM = NEXT.length() + 6 * RowValidator.MAX_SKU + 3;

    private final ObjectWriter json;
    private final int maxRows;
    private final int maxBytes;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int rows;
    private String lastSku;
    private boolean full;

    /** An empty page of at most {@code maxRows} products and {@code maxBytes} bytes of JSON. */
    public ProductPage(ObjectWriter json, int maxRows, int maxBytes) {
        this.json = json;
        this.maxRows = maxRows;
        this.maxBytes = maxBytes;
        out.writeBytes(START);
    }

    /**
     * Adds the product if it fits; false when the page is full, and this product starts the next one. The first product
     * always fits: one at the proto's limits is a small part of any sensible bound, and a page must move on.
     */
    public boolean add(StoredProduct product) {
        if (rows == maxRows) {
            full = true;
            return false;
        }
        byte[] bytes = write(Product.of(product));
        int separator = rows == 0 ? 0 : 1;
        if (rows > 0 && out.size() + separator + bytes.length + END_ROOM > maxBytes) {
            full = true;
            return false;
        }
        if (separator > 0) {
            out.write(',');
        }
        out.writeBytes(bytes);
        rows++;
        lastSku = product.sku();
        full = rows == maxRows;
        return true;
    }

    /**
     * Ends the page and returns it as JSON: {@code next} is the last product's SKU when the page is full, null when the
     * catalog ended on it.
     */
    public byte[] toJson() {
        out.writeBytes(NEXT.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(write(full ? lastSku : null));
        out.write('}');
        return out.toByteArray();
    }

    private byte[] write(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
