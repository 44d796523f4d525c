package dev.productingest.client.cli;

import picocli.CommandLine.Option;

/** The {@code --server} option every command shares. */
final class ServerAddress {
    @Option(names = "--server", defaultValue = "localhost:50051",
            description = "the server's gRPC address, or several: host1:port1,host2:port2 (default: ${DEFAULT-VALUE})")
    private String target;

    String target() {
        return target;
    }
}
