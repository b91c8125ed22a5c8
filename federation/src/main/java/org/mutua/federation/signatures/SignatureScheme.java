package org.mutua.federation.signatures;

/** Which HTTP signature specification a request was signed with. */
public enum SignatureScheme {
    /** draft-cavage-http-signatures-12, the {@code Signature: keyId=…} header everyone federating sends today. */
    CAVAGE,
    /** RFC 9421 HTTP Message Signatures ({@code Signature-Input} + {@code Signature}). */
    RFC9421
}
