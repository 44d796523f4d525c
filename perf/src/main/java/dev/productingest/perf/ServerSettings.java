package dev.productingest.perf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.productingest.server.ingest.IngestFactory;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.jackson.Jackson;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The ingest settings the suite's server JVMs run with: the repository's config.yml, with the
 * environment substituted as the server does it.
 */
final class ServerSettings {
    private ServerSettings() {
    }

    static IngestFactory ingest(Path repo) throws Exception {
        String yaml = new EnvironmentVariableSubstitutor(false).replace(Files.readString(repo.resolve("config.yml")));
        ObjectMapper mapper = Jackson.newObjectMapper(new YAMLFactory());
        JsonNode ingest = mapper.readTree(yaml).get("ingest");
        return mapper.treeToValue(ingest, IngestFactory.class);
    }

    /** Rows per batch transaction, as the server writes them: the baselines batch the same. */
    static int batchRows(Path repo) throws Exception {
        return ingest(repo).getBatchRows();
    }
}
