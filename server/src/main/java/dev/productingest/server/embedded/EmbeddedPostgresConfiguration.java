package dev.productingest.server.embedded;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotEmpty;

/** The PostgreSQL the server starts for itself when no database URL is configured. */
public class EmbeddedPostgresConfiguration {
    @NotEmpty
    private String dataDirectory = "./data/postgres";

    @JsonProperty
    public String getDataDirectory() {
        return dataDirectory;
    }

    @JsonProperty
    public void setDataDirectory(String dataDirectory) {
        this.dataDirectory = dataDirectory;
    }
}
