package dev.productingest.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A SKU written into a read API URI, percent-encoded (RFC 3986) so that the server reads back exactly the SKU the row
 * rules accepted. Every UTF-8 byte but letters, digits and {@code -._*} is encoded ({@link URLEncoder}'s set: a SKU
 * holds no space for it to write as '+'), so '/', '%', '\', '?', '#', ';', '&' and '+' are data, never delimiters. A
 * SKU that is a dot segment ('.' or '..') has its dots encoded as well: clients and proxies remove such segments from a
 * path, and a query never needs it.
 */
final class SkuEncoding {
    private SkuEncoding() {}

    /** The SKU as the last segment of {@code /products/{sku}}. */
    static String pathSegment(String sku) {
        return sku.equals(".") || sku.equals("..") ? sku.replace(".", "%2E") : queryValue(sku);
    }

    /** The SKU as the value of a query parameter ({@code ?sku=...}). */
    static String queryValue(String sku) {
        return URLEncoder.encode(sku, StandardCharsets.UTF_8);
    }
}
