package dev.productingest.server.grpc;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.grpc.netty.GrpcSslContexts;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for the gRPC port, from a PKCS12 key store holding the server's key and certificate chain; with a client trust
 * store, mutual TLS: clients may present a certificate signed by one of its authorities, and a certificate whose
 * subject is a credential names its caller.
 */
public class TlsFactory {
    private String keyStore = "";
    private String keyStorePassword = "";
    private String clientTrustStore = "";
    private String clientTrustStorePassword = "";

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

    /** A PKCS12 store of the authorities whose client certificates the server accepts; empty: none asked for. */
    @JsonProperty
    public String getClientTrustStore() {
        return clientTrustStore;
    }

    @JsonProperty
    public void setClientTrustStore(String clientTrustStore) {
        this.clientTrustStore = clientTrustStore == null ? "" : clientTrustStore;
    }

    @JsonProperty
    public String getClientTrustStorePassword() {
        return clientTrustStorePassword;
    }

    @JsonProperty
    public void setClientTrustStorePassword(String clientTrustStorePassword) {
        this.clientTrustStorePassword = clientTrustStorePassword == null ? "" : clientTrustStorePassword;
    }

    public boolean isEnabled() {
        return keyStore != null && !keyStore.isBlank();
    }

    /**
     * The server's TLS context (HTTP/2 with ALPN, as gRPC needs it). A client certificate is optional even with a
     * client trust store: callers with a bearer token need none.
     */
    SslContext serverContext() {
        char[] password = keyStorePassword == null ? new char[0] : keyStorePassword.toCharArray();
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load("grpc.tls.keyStore", keyStore, password), password);
            SslContextBuilder builder = SslContextBuilder.forServer(keys);
            if (!clientTrustStore.isBlank()) {
                TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(load("grpc.tls.clientTrustStore", clientTrustStore, clientTrustStorePassword.toCharArray()));
                builder.trustManager(trust).clientAuth(ClientAuth.OPTIONAL);
            }
            return GrpcSslContexts.configure(builder).build();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("the gRPC TLS context cannot be built: " + e.getMessage(), e);
        }
    }

    private static KeyStore load(String setting, String file, char[] password) {
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(
                    setting + " " + file + " cannot be read as a PKCS12 store with the given password: "
                            + e.getMessage(),
                    e);
        }
    }
}
