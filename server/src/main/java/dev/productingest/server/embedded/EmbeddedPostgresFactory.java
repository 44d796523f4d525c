package dev.productingest.server.embedded;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotEmpty;
import java.io.IOException;
import java.nio.file.Path;

/** The PostgreSQL the server starts for itself when no database URL is configured. */
public class EmbeddedPostgresFactory {
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

    /** Starts the server on its data directory, creating the cluster on first use. */
    public EmbeddedPostgresServer start() throws IOException {
        return EmbeddedPostgresServer.start(Path.of(dataDirectory));
    }
}
