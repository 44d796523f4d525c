package dev.productingest.server.resources;

import dev.productingest.rules.RowValidator;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.server.ServerFactory;
import io.dropwizard.jetty.ConnectorFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.http.UriCompliance;

/**
 * Where the application port takes the URI ambiguities a percent-encoded SKU brings. The row rules accept any SKU
 * without whitespace or control characters, so {@code A/B-1}, {@code C%D}, {@code back\slash} and {@code ..} are SKUs,
 * and {@code GET /products/A%2FB-1} must reach the resource. Jetty's default compliance refuses exactly those encodings
 * before any handler runs (an encoded slash could be read as a separator, an encoded percent decoded twice, a backslash
 * or an encoded dot segment turned into a path step by a file server). Nothing here serves files and the resource takes
 * the SKU from the raw path, decoded once, so for {@code /products/{sku}} they are data. The connectors allow them;
 * {@link AmbiguousPathFilter} refuses them on every other path, so the relaxation belongs to that one route.
 */
public final class SkuPaths {
    /** What a SKU's percent-encoding may carry that Jetty's default compliance refuses. */
    static final Set<UriCompliance.Violation> SKU_AMBIGUITIES = EnumSet.of(
            UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR, // '/' as %2F
            UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING, // '%' as %25
            UriCompliance.Violation.AMBIGUOUS_PATH_SEGMENT, // a SKU '.' or '..' as %2E or %2E%2E
            UriCompliance.Violation.SUSPICIOUS_PATH_CHARACTERS); // '\' as %5C

    private static final String PRODUCTS = "/products/";

    private SkuPaths() {}

    /**
     * Lets every application connector take {@link #SKU_AMBIGUITIES}, beside what it already allows; the admin
     * connectors keep their compliance. {@code ConnectorAddresses} has refused server types other than {@code default}
     * before this runs.
     */
    public static void allowOnApplicationConnectors(ServerFactory factory) {
        if (factory instanceof DefaultServerFactory server) {
            for (ConnectorFactory connector : server.getApplicationConnectors()) {
                if (connector instanceof HttpConnectorFactory http) {
                    http.setUriCompliance(http.getUriCompliance()
                            .with(
                                    http.getUriCompliance().getName() + "+SKU_PATHS",
                                    SKU_AMBIGUITIES.toArray(UriCompliance.Violation[]::new)));
                }
            }
        }
    }

    /** Whether a raw (still encoded) path is {@code /products/{sku}}: one segment after {@code /products/}. */
    static boolean isProductPath(String rawPath) {
        return rawPath.length() > PRODUCTS.length()
                && rawPath.startsWith(PRODUCTS)
                && rawPath.indexOf('/', PRODUCTS.length()) < 0;
    }

    /**
     * The SKU a raw path segment names, when it is written in the plainest form: unreserved characters and {@code %XX}
     * escapes of strict UTF-8, naming a SKU the row rules accept. Anything else (a sub-delimiter, a matrix parameter, a
     * bare dot segment, a malformed escape, an invalid SKU) is empty, left for Jersey to read or refuse, so that what
     * {@link CachedProductFilter} answers is always what Jersey would.
     */
    static Optional<String> plainSku(String rawSegment) {
        if (rawSegment.isEmpty() || rawSegment.equals(".") || rawSegment.equals("..")) {
            return Optional.empty();
        }
        byte[] bytes = new byte[rawSegment.length()];
        int n = 0;
        for (int i = 0; i < rawSegment.length(); i++) {
            char c = rawSegment.charAt(i);
            if (c == '%') {
                int high = i + 2 < rawSegment.length() ? Character.digit(rawSegment.charAt(i + 1), 16) : -1;
                int low = high < 0 ? -1 : Character.digit(rawSegment.charAt(i + 2), 16);
                if (low < 0) {
                    return Optional.empty();
                }
                bytes[n++] = (byte) (high << 4 | low);
                i += 2;
            } else if (unreserved(c)) {
                bytes[n++] = (byte) c;
            } else {
                return Optional.empty();
            }
        }
        String sku;
        try {
            sku = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, n))
                    .toString();
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
        return RowValidator.validateSku(sku).isEmpty() ? Optional.of(sku) : Optional.empty();
    }

    /** RFC 3986's unreserved characters: letters and digits of ASCII and {@code -._~}. */
    private static boolean unreserved(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0;
    }
}
