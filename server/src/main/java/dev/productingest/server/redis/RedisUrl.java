package dev.productingest.server.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A Redis URL as deployments write it: one node or several, comma-separated, each
 * {@code redis://[[user]:password@]host:port} ({@code rediss://} for TLS). The credentials are taken out of the
 * addresses, so that Redisson gives them to every node it finds (a cluster's other nodes, the master the sentinels
 * name) and never prints them with an address.
 */
public record RedisUrl(List<String> nodes, String username, String password) {
    private static final Set<String> SCHEMES = Set.of("redis", "rediss", "valkey", "valkeys");
    private static final int DEFAULT_PORT = 6379;

    public static RedisUrl parse(String url) {
        List<String> nodes = new ArrayList<>();
        String username = null;
        String password = null;
        boolean first = true;
        for (String node : url.split(",")) {
            URI uri = uri(node.strip());
            String[] userInfo = uri.getRawUserInfo() == null
                    ? new String[0]
                    : uri.getRawUserInfo().split(":", 2);
            String nodeUser = userInfo.length > 0 && !userInfo[0].isEmpty() ? decode(userInfo[0]) : null;
            String nodePassword = userInfo.length > 1 ? decode(userInfo[1]) : null;
            if (first) {
                username = nodeUser;
                password = nodePassword;
            } else if (nodePassword != null && !(nodePassword.equals(password) && Objects.equals(nodeUser, username))) {
                throw new IllegalArgumentException(
                        "REDIS_URL gives its nodes different credentials: Redis takes one user and "
                                + "password for all of them; write them on the first node or on every node alike");
            }
            first = false;
            nodes.add(
                    uri.getScheme() + "://" + uri.getHost() + ":" + (uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort()));
        }
        return new RedisUrl(List.copyOf(nodes), username, password);
    }

    private static URI uri(String node) {
        try {
            URI uri = new URI(node);
            if (!SCHEMES.contains(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException(
                        "REDIS_URL must list nodes as redis://host:port or redis://:password@host:port, got '"
                                + redact(node) + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(
                    "REDIS_URL is not a URL: '" + redact(node) + "'; a password with reserved "
                            + "characters (@ : / ?) is written percent-encoded",
                    e);
        }
    }

    /** Percent-decoding only: in the user part of a URL a '+' is itself, not a space. */
    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String redact(String node) {
        return node.replaceAll("//[^@/]*@", "//***@");
    }

    /** Without the password: a URL may be logged, its password never. */
    @Override
    public String toString() {
        return "RedisUrl[nodes=" + nodes + ", username=" + username + ", password="
                + (password == null ? "none" : "***") + "]";
    }
}
