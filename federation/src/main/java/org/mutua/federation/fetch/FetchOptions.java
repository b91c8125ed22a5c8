package org.mutua.federation.fetch;

import java.time.Duration;

/**
 * Per-call choices. {@code signer} null means the fetcher's configured instance actor; {@code signed} false sends no
 * signature (WebFinger, NodeInfo: FEDERATION.md §2). {@code totalTimeout} null means {@link FetchLimits#totalTimeout()};
 * a shorter one is honoured (key fetches use 10 s), a longer one is capped.
 */
public record FetchOptions(Signer signer, boolean signed, Duration totalTimeout) {

    public static FetchOptions asInstanceActor() {
        return new FetchOptions(null, true, null);
    }

    public static FetchOptions onBehalfOf(Signer signer) {
        return new FetchOptions(java.util.Objects.requireNonNull(signer, "signer"), true, null);
    }

    public static FetchOptions unsigned() {
        return new FetchOptions(null, false, null);
    }

    public FetchOptions withTotalTimeout(Duration timeout) {
        return new FetchOptions(signer, signed, timeout);
    }
}
