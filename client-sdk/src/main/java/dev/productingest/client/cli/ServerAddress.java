package dev.productingest.client.cli;

import dev.productingest.client.IngestClient;
import picocli.CommandLine.Option;

/** The {@code --server} and {@code --token} options every command shares. */
final class ServerAddress {
    @Option(names = "--server", defaultValue = "localhost:50051",
            description = "the server's gRPC address, or several: host1:port1,host2:port2 (default: ${DEFAULT-VALUE})")
    private String target;

    @Option(names = "--token", defaultValue = "${env:INGEST_TOKEN}",
            description = "the server's bearer token, when it asks for one (default: $INGEST_TOKEN)")
    private String token;

    String target() {
        return target;
    }

    /** A client of these servers with this token. */
    IngestClient.Builder client() {
        return IngestClient.builder(target).bearerToken(token);
    }
}
