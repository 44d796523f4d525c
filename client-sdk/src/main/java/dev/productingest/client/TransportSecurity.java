package dev.productingest.client;

import java.security.KeyStore;

/**
 * How a client proves who it is and whom it trusts: a bearer token, TLS, the authorities it trusts (null: the JVM's),
 * and under mutual TLS the key and certificate it presents (null: none).
 */
record TransportSecurity(
        String bearerToken, boolean tls, KeyStore trust, KeyStore clientKeys, char[] clientKeysPassword) {}
