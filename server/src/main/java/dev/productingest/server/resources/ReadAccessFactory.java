package dev.productingest.server.resources;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Who may read from the application port. */
public class ReadAccessFactory {
    private String readToken = "";
    private boolean publicReads = true;

    /** The token job reads ask for; empty: the ingest token (grpc.bearerToken), and with neither, no check. */
    @JsonProperty
    public String getReadToken() {
        return readToken;
    }

    @JsonProperty
    public void setReadToken(String readToken) {
        this.readToken = readToken == null ? "" : readToken;
    }

    /** Whether product reads (/products, /stats) are open to anyone even when a token guards the jobs. */
    @JsonProperty
    public boolean isPublicReads() {
        return publicReads;
    }

    @JsonProperty
    public void setPublicReads(boolean publicReads) {
        this.publicReads = publicReads;
    }

    /** The token in force: the read token, else the ingest token; null when there is none. */
    public String token(String ingestToken) {
        if (!readToken.isEmpty()) {
            return readToken;
        }
        return ingestToken == null || ingestToken.isEmpty() ? null : ingestToken;
    }
}
