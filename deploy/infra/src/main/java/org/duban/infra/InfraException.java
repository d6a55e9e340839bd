package org.duban.infra;

/** Infrastructure could not start or stop; the message says what and why. */
public class InfraException extends RuntimeException {
    public InfraException(String message) {
        super(message);
    }

    public InfraException(String message, Throwable cause) {
        super(message, cause);
    }
}
