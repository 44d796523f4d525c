package dev.productingest.server.auth;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a credential may do. Scopes do not imply one another: a credential lists each it needs. */
public enum Scope {
    /**
     * Every job: GetJob, WatchJob, ListRejects, the job routes and the jobs page; product reads when they are not
     * public.
     */
    READ,
    /** Upsert loads, and reading and cancelling the jobs this credential owns. */
    INGEST,
    /** Snapshot loads (with {@code ingest}), retiring at most the server's guard share. */
    SNAPSHOT,
    /** A snapshot's retire share above the server's guard, and cancelling any job. */
    ADMIN;

    /** The name configuration files and messages use: {@code read}, {@code ingest}, ... */
    @JsonValue
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Scope of(String name) {
        for (Scope scope : values()) {
            if (scope.configName().equals(name)) {
                return scope;
            }
        }
        throw new IllegalArgumentException("scope '" + name + "' is not one of "
                + Arrays.stream(values()).map(Scope::configName).collect(Collectors.joining(", ")));
    }
}
