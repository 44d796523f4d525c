package dev.productingest.perf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.productingest.server.grpc.GrpcServerFactory;
import dev.productingest.server.ingest.IngestConfiguration;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.jackson.Jackson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The settings the suite's server JVMs run with: the repository's config.yml, with the environment substituted as the
 * server does it.
 */
final class ServerSettings {
    private ServerSettings() {}

    static IngestConfiguration ingest(Path repo) throws Exception {
        return section(repo, "ingest", IngestConfiguration.class);
    }

    /** How long a stopping server gives its live gRPC calls (grpc.shutdownGrace). */
    static Duration shutdownGrace(Path repo) throws Exception {
        return section(repo, "grpc", GrpcServerFactory.class).getShutdownGrace().toJavaDuration();
    }

    private static <T> T section(Path repo, String name, Class<T> type) throws Exception {
        String yaml = new EnvironmentVariableSubstitutor(false).replace(Files.readString(repo.resolve("config.yml")));
        ObjectMapper mapper = Jackson.newObjectMapper(new YAMLFactory());
        JsonNode section = mapper.readTree(yaml).get(name);
        return mapper.treeToValue(section, type);
    }

    /** Rows per batch transaction, as the server writes them: the baselines batch the same. */
    static int batchRows(Path repo) throws Exception {
        return ingest(repo).getBatchRows();
    }
}
