package dev.productingest.server.auth;

/** A request presented a credential this server does not know; the message says what to check. */
public final class UnknownCredentialException extends Exception {
    UnknownCredentialException(String message) {
        super(message, null, false, false);
    }
}
