package dev.productingest.client.cli;

import dev.productingest.client.IngestClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import picocli.CommandLine.Option;

/**
 * How every command reaches the servers: {@code --server}, {@code --token}, {@code --tls}, {@code --trust-store},
 * {@code --client-cert}.
 */
final class ServerAddress {
    @Option(
            names = "--server",
            defaultValue = "localhost:50051",
            description =
                    "the server's gRPC address, several (host1:port1,host2:port2), or a name for all of them"
                            + " (dns:///ingest.internal:50051): loads go to them in turn, passing over those not serving (default: ${DEFAULT-VALUE})")
    private String target;

    @Option(
            names = "--token",
            defaultValue = "${env:INGEST_TOKEN}",
            description = "the server's bearer token, when it asks for one (default: $INGEST_TOKEN)")
    private String token;

    @Option(
            names = "--tls",
            description = "connect with TLS, trusting the JVM's certificate authorities or --trust-store")
    private boolean tls;

    @Option(
            names = "--trust-store",
            paramLabel = "FILE",
            description = "a PKCS12 file of the certificates to trust (implies --tls)")
    private Path trustStore;

    @Option(
            names = "--trust-store-password",
            defaultValue = "",
            description = "the trust store's password, if it has one")
    private String trustStorePassword;

    @Option(
            names = "--client-cert",
            paramLabel = "FILE",
            description =
                    "a PKCS12 file of this client's key and certificate, for a server that knows callers by their certificate"
                            + " (mutual TLS; implies --tls)")
    private Path clientCertificate;

    @Option(
            names = "--client-cert-password",
            defaultValue = "",
            description = "the client certificate file's password, if it has one")
    private String clientCertificatePassword;

    String target() {
        return target;
    }

    /** A client of these servers, with this token, TLS and client certificate as asked. */
    IngestClient.Builder client() throws IOException, GeneralSecurityException {
        IngestClient.Builder builder = IngestClient.builder(target).bearerToken(token);
        if (clientCertificate != null) {
            builder.clientCertificate(
                    pkcs12(clientCertificate, clientCertificatePassword), clientCertificatePassword.toCharArray());
        }
        if (trustStore != null) {
            return builder.tls(pkcs12(trustStore, trustStorePassword));
        }
        return tls ? builder.tls() : builder;
    }

    private static KeyStore pkcs12(Path file, String password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password.toCharArray());
        }
        return store;
    }
}
