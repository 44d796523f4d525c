package dev.productingest.server.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The token an {@code Authorization} header carries: a bearer token, or, where a browser must be able to send it, the
 * password of HTTP Basic (the user name is not read). Anything else carries none.
 */
final class AuthorizationHeader {
    private static final String BEARER = "Bearer ";
    private static final String BASIC = "Basic ";

    private AuthorizationHeader() {}

    static Optional<String> token(String header, boolean basicAllowed) {
        if (header.startsWith(BEARER)) {
            return Optional.of(header.substring(BEARER.length()));
        }
        if (basicAllowed && header.startsWith(BASIC)) {
            try {
                String pair = new String(
                        Base64.getDecoder()
                                .decode(header.substring(BASIC.length()).trim()),
                        StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                return colon >= 0 ? Optional.of(pair.substring(colon + 1)) : Optional.empty();
            } catch (IllegalArgumentException notBase64) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
