package dev.productingest.server.api;

import jakarta.ws.rs.BadRequestException;

/** The page size of the paginated reads: a default when absent, and a cap a client cannot exceed. */
public record PageLimit(int defaultLimit, int maxLimit) {

    public int of(Integer requested) {
        if (requested == null) {
            return defaultLimit;
        }
        if (requested < 1 || requested > maxLimit) {
            throw new BadRequestException("limit " + requested + " is out of range: ask for 1 to " + maxLimit
                    + " and follow 'next' for more");
        }
        return requested;
    }
}
