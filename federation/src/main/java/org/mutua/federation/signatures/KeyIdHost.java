package org.mutua.federation.signatures;

import java.util.Optional;

/**
 * The host a keyId names, normalised for exact comparison (FEDERATION.md §6 row 14): lowercase, one trailing dot
 * removed. Empty (unusable keyId) for: not an absolute URL, a scheme other than https (http only when allowed, for
 * tests and development), userinfo ({@code https://aid.example@evil.example/}), a missing or malformed host, or
 * Mastodon's old {@code acct:} key ids. Verification itself ignores the keyId host; comparing it with the
 * activity's actor and the domain blocks is the caller's job.
 */
public final class KeyIdHost {
    private static final int MAX_KEY_ID = 2048;

    private KeyIdHost() {
    }

    public static Optional<String> of(String keyId) {
        return of(keyId, false);
    }

    public static Optional<String> of(String keyId, boolean allowHttp) {
        if (keyId == null || keyId.isEmpty() || keyId.length() > MAX_KEY_ID) {
            return Optional.empty();
        }
        return org.mutua.federation.Authority.of(keyId, allowHttp).map(org.mutua.federation.Authority::hostOnly);
    }
}
