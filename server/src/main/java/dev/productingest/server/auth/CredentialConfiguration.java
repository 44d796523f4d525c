package dev.productingest.server.auth;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import java.util.Set;

/** One named credential in the configuration: who it is, what it may do, and how it proves it. */
public class CredentialConfiguration {
    /** The rule of a credential's name: it is written in job records, logs and metric names. */
    public static final String NAME = "[A-Za-z0-9._@-]{1,64}";

    @NotNull
    @Pattern(regexp = NAME, message = "must be 1..64 letters, digits, '.', '_', '@' or '-'")
    private String name;

    @NotEmpty
    private Set<Scope> scopes = Set.of();

    // Hashes, never tokens: a configuration file holds no secret. Several while a token is replaced.
    @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
    private List<@Pattern(regexp = "[0-9a-fA-F]{64}", message = "must be a SHA-256 hash: 64 hexadecimal digits") String>
            tokenSha256 = List.of();

    private String certificateSubject = "";

    @JsonProperty
    public String getName() {
        return name;
    }

    @JsonProperty
    public void setName(String name) {
        this.name = name;
    }

    @JsonProperty
    public Set<Scope> getScopes() {
        return scopes;
    }

    @JsonProperty
    public void setScopes(Set<Scope> scopes) {
        this.scopes = scopes;
    }

    @JsonProperty
    public List<String> getTokenSha256() {
        return tokenSha256;
    }

    @JsonProperty
    public void setTokenSha256(List<String> tokenSha256) {
        this.tokenSha256 = tokenSha256 == null ? List.of() : tokenSha256;
    }

    /**
     * The subject of a client certificate under mutual TLS, as RFC 2253 writes it ({@code CN=catalog-team,O=Example}).
     */
    @JsonProperty
    public String getCertificateSubject() {
        return certificateSubject;
    }

    @JsonProperty
    public void setCertificateSubject(String certificateSubject) {
        this.certificateSubject = certificateSubject == null ? "" : certificateSubject;
    }
}
