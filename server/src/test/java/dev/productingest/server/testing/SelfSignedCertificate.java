package dev.productingest.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;

/**
 * A self-signed certificate, for localhost or for a client, made with the JDK's own keytool: the PKCS12 key store (key
 * and certificate) and a PKCS12 trust store holding the certificate, in a directory of their own.
 */
public record SelfSignedCertificate(Path keyStore, Path trustStore, String password) {

    public static SelfSignedCertificate forLocalhost() {
        return make("CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1");
    }

    /** A client's certificate with this subject ({@code CN=warehouse-feed,O=Example}), for mutual TLS. */
    public static SelfSignedCertificate forClient(String subject) {
        return make(subject);
    }

    private static SelfSignedCertificate make(String subject, String... extensions) {
        String password = "changeit";
        try {
            Path dir = Files.createTempDirectory("product-ingest-tls");
            Path keyStore = dir.resolve("server.p12");
            Path certificate = dir.resolve("server.cer");
            Path trustStore = dir.resolve("trust.p12");
            List<String> generate = new ArrayList<>(List.of(
                    "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", subject));
            generate.addAll(List.of(extensions));
            generate.addAll(List.of(
                    "-validity",
                    "2",
                    "-storetype",
                    "PKCS12",
                    "-keystore",
                    keyStore.toString(),
                    "-storepass",
                    password,
                    "-keypass",
                    password));
            keytool(generate.toArray(String[]::new));
            keytool(
                    "-exportcert",
                    "-alias",
                    "server",
                    "-keystore",
                    keyStore.toString(),
                    "-storepass",
                    password,
                    "-file",
                    certificate.toString());
            keytool(
                    "-importcert",
                    "-noprompt",
                    "-alias",
                    "server",
                    "-file",
                    certificate.toString(),
                    "-storetype",
                    "PKCS12",
                    "-keystore",
                    trustStore.toString(),
                    "-storepass",
                    password);
            return new SelfSignedCertificate(keyStore, trustStore, password);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One PKCS12 trust store (with this password) holding the certificates of all these, as a client trust store of
     * several callers.
     */
    public static Path trustStoreOf(SelfSignedCertificate... certificates)
            throws IOException, GeneralSecurityException {
        KeyStore all = KeyStore.getInstance("PKCS12");
        all.load(null, null);
        int alias = 0;
        for (SelfSignedCertificate certificate : certificates) {
            KeyStore one = certificate.trust();
            for (String name : java.util.Collections.list(one.aliases())) {
                all.setCertificateEntry("caller-" + alias++, one.getCertificate(name));
            }
        }
        Path file = Files.createTempDirectory("product-ingest-tls").resolve("trust.p12");
        try (java.io.OutputStream out = Files.newOutputStream(file)) {
            all.store(out, "changeit".toCharArray());
        }
        return file;
    }

    /** The trust store, loaded. */
    public KeyStore trust() throws IOException, GeneralSecurityException {
        return load(trustStore);
    }

    /** The key store, loaded. */
    public KeyStore keys() throws IOException, GeneralSecurityException {
        return load(keyStore);
    }

    private KeyStore load(Path file) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password.toCharArray());
        }
        return store;
    }

    private static void keytool(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        try {
            if (p.waitFor() != 0) {
                throw new IOException("keytool " + args[0] + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
