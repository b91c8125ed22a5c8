package org.mutua.federation.inbox;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.mutua.federation.fetch.FetchException;
import org.mutua.federation.signatures.HttpSignatures;
import org.mutua.federation.signatures.KeyIdHost;
import org.mutua.federation.signatures.SignableRequest;
import org.mutua.federation.signatures.VerificationResult;

/**
 * Who signed an incoming request, for inbox POSTs and signed GETs alike: the keyId host is checked against domain
 * blocks before any fetch (403), the key is resolved and the signature verified (401), with one re-fetch of a key
 * older than five minutes when it fails (key rotation; Mastodon refreshes once).
 */
public final class RequestAuthenticator {
    private static final Duration KEY_REFRESH_AGE = Duration.ofMinutes(5);

    private final String baseUrl;
    private final boolean allowHttp;
    private final SignerKeys keys;
    private final DomainBlocks blocks;
    private final HttpSignatures signatures;
    private final Clock clock;

    public RequestAuthenticator(String baseUrl, boolean allowHttp, SignerKeys keys, DomainBlocks blocks, Clock clock) {
        this.baseUrl = baseUrl;
        this.allowHttp = allowHttp;
        this.keys = keys;
        this.blocks = blocks;
        this.signatures = new HttpSignatures(clock);
        this.clock = clock;
    }

    public SignerKeys keys() {
        return keys;
    }

    public static boolean isSigned(RoutingContext ctx) {
        return ctx.request().getHeader("Signature") != null || ctx.request().getHeader("Signature-Input") != null;
    }

    /** The request as the signature library sees it: our public base URL plus the raw target, and its headers. */
    public SignableRequest signable(RoutingContext ctx, byte[] body) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        ctx.request().headers().forEach(e -> headers.computeIfAbsent(e.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(e.getValue()));
        // HTTP/2 (also h2c upgraded from HTTP/1.1) carries the host as :authority, which signatures call host.
        if (!headers.containsKey("host") && ctx.request().authority() != null) {
            headers.put("host", List.of(ctx.request().authority().toString()));
        }
        return new SignableRequest(ctx.request().method().name(), URI.create(baseUrl + ctx.request().uri()), headers, body);
    }

    /**
     * Authorized fetch (FEDERATION.md 2): the verified signer of a GET, or empty when it is unsigned (the caller
     * decides what unsigned readers get); a signature that does not verify fails with an {@link InboxRefusal}.
     */
    public Future<Optional<SignerKey>> optionalSigner(RoutingContext ctx) {
        if (!isSigned(ctx)) {
            return Future.succeededFuture(Optional.empty());
        }
        try {
            return authenticate(signable(ctx, new byte[0])).map(Optional::of);
        } catch (InboxRefusal r) {
            return Future.failedFuture(r);
        }
    }

    /** The keyId's normalised host, or 401 when it is not one we would ever dial; 403 when its domain is blocked. */
    public String keyHost(String keyId) {
        String host = KeyIdHost.of(keyId, allowHttp).orElseThrow(() -> new InboxRefusal(401, "keyId is not an https IRI"));
        if (blocks.blocked(Hosts.hostOnly(host))) {
            throw new InboxRefusal(403, "domain blocked");
        }
        return host;
    }

    /** The verified signer of a signed request; fails with an {@link InboxRefusal}. */
    public Future<SignerKey> authenticate(SignableRequest request) {
        String keyId = HttpSignatures.keyIdOf(request).orElseThrow(() -> new InboxRefusal(401, "unsigned"));
        keyHost(keyId);
        return verified(request, keyId);
    }

    Future<SignerKey> verified(SignableRequest request, String keyId) {
        return keys.key(keyId).recover(err -> Future.failedFuture(keyUnavailable(err, "signing key could not be fetched")))
            .compose(key -> {
                VerificationResult result = verify(request, key);
                if (result instanceof VerificationResult.Verified) {
                    return Future.succeededFuture(key);
                }
                String reason = ((VerificationResult.Rejected) result).reason();
                if (key.fetchedAt().isAfter(clock.instant().minus(KEY_REFRESH_AGE)) || !reason.equals("bad-signature")) {
                    return Future.failedFuture(new InboxRefusal(401, reason));
                }
                return keys.refresh(keyId).recover(err -> Future.failedFuture(keyUnavailable(err, reason))).compose(fresh -> {
                    VerificationResult again = verify(request, fresh);
                    return again instanceof VerificationResult.Verified ? Future.succeededFuture(fresh)
                        : Future.failedFuture(new InboxRefusal(401, ((VerificationResult.Rejected) again).reason()));
                });
            });
    }

    /**
     * Why the key could not be had: this node's fetch budget for the signer's domain is spent, so the signature is
     * unchecked, not bad: {@code 429} with the seconds until the budget frees a slot (FEDERATION.md 6 row 22), which
     * the sender retries; anything else is {@code 401}.
     */
    private static InboxRefusal keyUnavailable(Throwable err, String reason) {
        if (FetchException.isOverBudget(err)) {
            return new InboxRefusal(429, "this node's fetch budget for the signer's domain is spent; retry later",
                ((FetchException) err).retryAfterSeconds());
        }
        return new InboxRefusal(401, err instanceof FetchException f ? reason + " (" + f.reason() + ")" : reason);
    }

    private VerificationResult verify(SignableRequest request, SignerKey key) {
        return signatures.verify(request, id -> id.equals(key.keyId()) ? Optional.of(key.publicKey()) : Optional.empty());
    }
}
