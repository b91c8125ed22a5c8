package org.mutua.federation.fetch;

/** A handle whose WebFinger round trip succeeded: {@code acct} is the confirmed {@code user@domain} (from the last subject). */
public record ResolvedHandle(String acct, RemoteActor actor) {
}
