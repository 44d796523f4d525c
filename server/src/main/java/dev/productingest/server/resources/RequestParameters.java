package dev.productingest.server.resources;

import dev.productingest.rules.JobId;
import dev.productingest.rules.RowValidator;
import jakarta.ws.rs.BadRequestException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Every parameter of the read API, checked and bounded in one place: a value that cannot be right is a 400 saying which
 * parameter and why, before it reaches a cache or PostgreSQL.
 *
 * @param defaultLimit the page size when none is asked for
 * @param maxLimit the largest page a client may ask for
 */
public record RequestParameters(int defaultLimit, int maxLimit) {
    /** The most SKUs one lookup ({@code GET /products?sku=...}) may ask for. */
    public static final int MAX_LOOKUP_SKUS = 100;

    private static final int MAX_CATEGORY = RowValidator.MAX_CATEGORY;

    /** The page size: the default when absent, 1..maxLimit otherwise. */
    public int limit(String text) {
        if (text == null || text.isEmpty()) {
            return defaultLimit;
        }
        long requested = wholeNumber("limit", text);
        if (requested < 1 || requested > maxLimit) {
            throw new BadRequestException("limit " + requested + " is out of range: ask for 1 to " + maxLimit
                    + " and follow 'next' for more");
        }
        return (int) requested;
    }

    /** A SKU, as the row rules define one. */
    public String sku(String name, String text) {
        RowValidator.validateSku(text).ifPresent(v -> {
            throw new BadRequestException(name + " is not a valid SKU: " + v.reason());
        });
        return text;
    }

    /**
     * The SKUs of a lookup, each once, in the order first asked: 1..{@value #MAX_LOOKUP_SKUS} valid SKUs, with none of
     * a page's parameters beside them (a lookup is no page of the catalog).
     */
    public List<String> lookupSkus(List<String> skus, String category, String active, String after, String limit) {
        if (Stream.of(category, active, after, limit).anyMatch(Objects::nonNull)) {
            throw new BadRequestException(
                    "sku looks products up by SKU and takes no category, active, after or limit: ask for a page"
                            + " without sku, or for SKUs without those");
        }
        if (skus.size() > MAX_LOOKUP_SKUS) {
            throw new BadRequestException(
                    "sku is given " + skus.size() + " times: ask for at most " + MAX_LOOKUP_SKUS + " SKUs at once");
        }
        Set<String> distinct = new LinkedHashSet<>();
        for (String text : skus) {
            distinct.add(sku("sku", text));
        }
        return List.copyOf(distinct);
    }

    /** The SKU to start a page after: empty for the first page. */
    public String afterSku(String text) {
        return text == null || text.isEmpty() ? "" : sku("after", text);
    }

    public String jobId(String name, String text) {
        if (!JobId.isValid(text)) {
            throw new BadRequestException(name + " is not a job id: " + JobId.RULE);
        }
        return text;
    }

    /** The job id to start a page after: empty for the first page. */
    public String afterJobId(String text) {
        return text == null || text.isEmpty() ? "" : jobId("after", text);
    }

    /** A category to filter by, or null for every category. */
    public String category(String text) {
        if (text == null) {
            return null;
        }
        if (text.length() > MAX_CATEGORY || text.indexOf('\0') >= 0) {
            throw new BadRequestException(
                    "category must be at most " + MAX_CATEGORY + " characters with no NUL character");
        }
        return text;
    }

    /** true, false, or null (absent) for no filter. */
    public Boolean active(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new BadRequestException("active '" + text + "' is not true or false");
        };
    }

    /** A row offset to start after: -1 (before the first row) when absent. */
    public long afterOffset(String text) {
        if (text == null || text.isEmpty()) {
            return -1;
        }
        long offset = wholeNumber("after", text);
        if (offset < -1) {
            throw new BadRequestException("after must be -1 or more");
        }
        return offset;
    }

    private static long wholeNumber(String name, String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new BadRequestException(name + " is not a whole number");
        }
    }
}
