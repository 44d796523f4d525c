package dev.productingest.server.grpc;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.grpc.netty.GrpcSslContexts;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;

/** TLS for the gRPC port, from a PKCS12 key store holding the server's key and certificate chain. */
public class TlsFactory {
    private String keyStore = "";
    private String keyStorePassword = "";

    @JsonProperty
    public String getKeyStore() {
        return keyStore;
    }

    @JsonProperty
    public void setKeyStore(String keyStore) {
        this.keyStore = keyStore;
    }

    @JsonProperty
    public String getKeyStorePassword() {
        return keyStorePassword;
    }

    @JsonProperty
    public void setKeyStorePassword(String keyStorePassword) {
        this.keyStorePassword = keyStorePassword;
    }

    public boolean isEnabled() {
        return keyStore != null && !keyStore.isBlank();
    }

    /** The server's TLS context (HTTP/2 with ALPN, as gRPC needs it). */
    SslContext serverContext() {
        char[] password = keyStorePassword == null ? new char[0] : keyStorePassword.toCharArray();
        try (InputStream in = Files.newInputStream(Path.of(keyStore))) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            return GrpcSslContexts.configure(SslContextBuilder.forServer(keys)).build();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("grpc.tls.keyStore " + keyStore + " cannot be read as a PKCS12 key store with the given"
                    + " password: " + e.getMessage(), e);
        }
    }
}
