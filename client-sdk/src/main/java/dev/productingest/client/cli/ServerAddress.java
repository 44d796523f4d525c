package dev.productingest.client.cli;

import dev.productingest.client.IngestClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import picocli.CommandLine.Option;

/** How every command reaches the servers: {@code --server}, {@code --token}, {@code --tls}, {@code --trust-store}. */
final class ServerAddress {
    @Option(names = "--server", defaultValue = "localhost:50051",
            description = "the server's gRPC address, several (host1:port1,host2:port2), or a name for all of them"
                    + " (dns:///ingest.internal:50051): loads go to them in turn, passing over those not serving (default: ${DEFAULT-VALUE})")
    private String target;

    @Option(names = "--token", defaultValue = "${env:INGEST_TOKEN}",
            description = "the server's bearer token, when it asks for one (default: $INGEST_TOKEN)")
    private String token;

    @Option(names = "--tls", description = "connect with TLS, trusting the JVM's certificate authorities or --trust-store")
    private boolean tls;

    @Option(names = "--trust-store", paramLabel = "FILE", description = "a PKCS12 file of the certificates to trust (implies --tls)")
    private Path trustStore;

    @Option(names = "--trust-store-password", defaultValue = "", description = "the trust store's password, if it has one")
    private String trustStorePassword;

    String target() {
        return target;
    }

    /** A client of these servers, with this token and TLS as asked. */
    IngestClient.Builder client() throws IOException, GeneralSecurityException {
        IngestClient.Builder builder = IngestClient.builder(target).bearerToken(token);
        if (trustStore != null) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(trustStore)) {
                trust.load(in, trustStorePassword.toCharArray());
            }
            return builder.tls(trust);
        }
        return tls ? builder.tls() : builder;
    }
}
