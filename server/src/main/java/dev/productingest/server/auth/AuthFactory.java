package dev.productingest.server.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Who may call the server. Named credentials from the configuration, and three shortcuts from the environment that keep
 * their names' meaning: the ingest token is a producer, the read token a reader, the admin token an administrator. Each
 * shortcut may hold several tokens separated by commas, so a new one can be rolled out before the old one is withdrawn.
 */
public class AuthFactory {
    /** The names the environment's shortcuts give their callers: the owner of their jobs. */
    public static final String PRODUCER = "producer";

    public static final String READER = "reader";
    public static final String ADMIN = "admin";

    private boolean allowAnonymous;

    @Valid
    @NotNull
    private List<CredentialConfiguration> credentials = new ArrayList<>();

    // Per credential, on each server: one caller's watches and listings cannot take the read threads
    // and database connections every caller shares.
    @Min(1)
    private int watchesPerCredential = 16;

    @Min(1)
    private int rejectListingsPerCredential = 4;

    private String ingestToken = "";
    private String readToken = "";
    private String adminToken = "";

    @JsonProperty
    public boolean isAllowAnonymous() {
        return allowAnonymous;
    }

    @JsonProperty
    public void setAllowAnonymous(boolean allowAnonymous) {
        this.allowAnonymous = allowAnonymous;
    }

    @JsonProperty
    public List<CredentialConfiguration> getCredentials() {
        return credentials;
    }

    @JsonProperty
    public void setCredentials(List<CredentialConfiguration> credentials) {
        this.credentials = credentials == null ? new ArrayList<>() : credentials;
    }

    @JsonProperty
    public int getWatchesPerCredential() {
        return watchesPerCredential;
    }

    @JsonProperty
    public void setWatchesPerCredential(int watchesPerCredential) {
        this.watchesPerCredential = watchesPerCredential;
    }

    @JsonProperty
    public int getRejectListingsPerCredential() {
        return rejectListingsPerCredential;
    }

    @JsonProperty
    public void setRejectListingsPerCredential(int rejectListingsPerCredential) {
        this.rejectListingsPerCredential = rejectListingsPerCredential;
    }

    @JsonProperty
    public String getIngestToken() {
        return ingestToken;
    }

    @JsonProperty
    public void setIngestToken(String ingestToken) {
        this.ingestToken = ingestToken == null ? "" : ingestToken;
    }

    @JsonProperty
    public String getReadToken() {
        return readToken;
    }

    @JsonProperty
    public void setReadToken(String readToken) {
        this.readToken = readToken == null ? "" : readToken;
    }

    @JsonProperty
    public String getAdminToken() {
        return adminToken;
    }

    @JsonProperty
    public void setAdminToken(String adminToken) {
        this.adminToken = adminToken == null ? "" : adminToken;
    }

    /** The credentials in force; a configuration that names one caller twice stops the server from starting. */
    public Credentials build() {
        Credentials.Builder builder = Credentials.builder().allowAnonymous(allowAnonymous);
        shortcut(builder, PRODUCER, ingestToken, EnumSet.of(Scope.INGEST, Scope.SNAPSHOT));
        shortcut(builder, READER, readToken, EnumSet.of(Scope.READ));
        // admin is only ever given explicitly: by this token of its own, or by a credential that lists it.
        shortcut(builder, ADMIN, adminToken, EnumSet.allOf(Scope.class));
        for (CredentialConfiguration credential : credentials) {
            builder.add(
                    credential.getName(),
                    credential.getScopes(),
                    credential.getTokenSha256(),
                    credential.getCertificateSubject());
        }
        return builder.build();
    }

    private static void shortcut(Credentials.Builder builder, String name, String tokens, Set<Scope> scopes) {
        List<String> each = Arrays.stream(tokens.split(","))
                .map(String::strip)
                .filter(t -> !t.isEmpty())
                .toList();
        if (!each.isEmpty()) {
            builder.addTokens(name, scopes, each);
        }
    }
}
