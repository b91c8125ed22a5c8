package org.mutua.federation.jsonld;

/** The document is not JSON, or not JSON-LD 1.0 that the bundled contexts can expand. Maps to 400 inbound. */
public final class InvalidJsonLdException extends RuntimeException {
    public InvalidJsonLdException(String message, Throwable cause) {
        super(message, cause);
    }
}
