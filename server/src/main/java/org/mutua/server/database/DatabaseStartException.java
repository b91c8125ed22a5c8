package org.mutua.server.database;

/** The database cannot be reached or started; the message says what the operator can do. */
public final class DatabaseStartException extends RuntimeException {
    public DatabaseStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
