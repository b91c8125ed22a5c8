package org.mutua.federation.signatures;

import java.time.Clock;
import java.util.Optional;

/**
 * Entry point for incoming requests. The scheme is chosen like Mastodon app/lib/signed_request.rb: a
 * {@code Signature-Input} header means RFC 9421, otherwise draft-cavage {@code Signature}. Typical use:
 * <pre>
 * Optional&lt;String&gt; keyId = signatures.keyIdOf(request);   // fetch/cache that key (and check its host)
 * VerificationResult r = signatures.verify(request, keys);     // Rejected → 401 {"error": reason}
 * </pre>
 */
public final class HttpSignatures {
    private final CavageVerifier cavage;
    private final Rfc9421Verifier rfc9421;

    public HttpSignatures(Clock clock) {
        this.cavage = new CavageVerifier(clock);
        this.rfc9421 = new Rfc9421Verifier(clock);
    }

    public static Optional<SignatureScheme> schemeOf(SignableRequest request) {
        if (request.headers().containsKey("Signature-Input")) {
            return Optional.of(SignatureScheme.RFC9421);
        }
        if (request.headers().containsKey("Signature")) {
            return Optional.of(SignatureScheme.CAVAGE);
        }
        return Optional.empty();
    }

    /** The keyId the request claims (first RFC 9421 label, or cavage {@code keyId}); nothing is verified. */
    public static Optional<String> keyIdOf(SignableRequest request) {
        return schemeOf(request).flatMap(s -> s == SignatureScheme.RFC9421
            ? Rfc9421Verifier.keyIdOf(request) : CavageVerifier.keyIdOf(request));
    }

    public VerificationResult verify(SignableRequest request, KeyLookup keys) {
        Optional<SignatureScheme> scheme = schemeOf(request);
        if (scheme.isEmpty()) {
            return new VerificationResult.Rejected("unsigned");
        }
        return scheme.get() == SignatureScheme.RFC9421 ? rfc9421.verify(request, keys) : cavage.verify(request, keys);
    }
}
