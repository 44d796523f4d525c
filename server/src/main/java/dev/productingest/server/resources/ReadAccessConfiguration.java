package dev.productingest.server.resources;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Who may read products from the application port without a credential. */
public class ReadAccessConfiguration {
    private boolean publicReads = true;

    /** Whether product reads (/products, /stats) are open to anyone, while job reads need a credential's read scope. */
    @JsonProperty
    public boolean isPublicReads() {
        return publicReads;
    }

    @JsonProperty
    public void setPublicReads(boolean publicReads) {
        this.publicReads = publicReads;
    }
}
