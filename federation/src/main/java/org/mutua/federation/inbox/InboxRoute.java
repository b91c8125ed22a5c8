package org.mutua.federation.inbox;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
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
import org.mutua.federation.signatures.HttpSignatures;
import org.mutua.federation.signatures.KeyIdHost;
import org.mutua.federation.signatures.SignableRequest;
import org.mutua.federation.signatures.VerificationResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbox POST handler, personal and shared alike. The synchronous checks run in the order of FEDERATION.md 4, each
 * answering its own 4xx: content type (415), JSON (400), block on the keyId host before any fetch (403), signature
 * (401), signer owns the actor (403), ids and caps (400), other blocked IRIs (403), duplicate id (202, stop). Then
 * the activity is recorded as a job and answered 202; a worker does the rest. (Body size: 413 from the body handler.)
 */
public final class InboxRoute implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger(InboxRoute.class);
    private static final Duration KEY_REFRESH_AGE = Duration.ofMinutes(5);

    private final String baseUrl;
    private final boolean allowHttp;
    private final SignerKeys keys;
    private final DomainBlocks blocks;
    private final DomainRateLimit rateLimit;
    private final InboundLog log;
    private final Runnable wakeWorker;
    private final HttpSignatures signatures;
    private final ActivityChecks checks;
    private final Clock clock;

    public InboxRoute(String baseUrl, boolean allowHttp, SignerKeys keys, DomainBlocks blocks, DomainRateLimit rateLimit,
                      InboundLog log, Runnable wakeWorker, Clock clock) {
        this.baseUrl = baseUrl;
        this.allowHttp = allowHttp;
        this.keys = keys;
        this.blocks = blocks;
        this.rateLimit = rateLimit;
        this.log = log;
        this.wakeWorker = wakeWorker;
        this.signatures = new HttpSignatures(clock);
        this.checks = new ActivityChecks(allowHttp);
        this.clock = clock;
    }

    @Override
    public void handle(RoutingContext ctx) {
        try {
            receive(ctx)
                .onSuccess(status -> answer(ctx, status, null))
                .onFailure(err -> {
                    if (err instanceof InboxRefusal r) {
                        refuse(ctx, r);
                    } else {
                        LOG.warn("inbox failure on {}: {}", ctx.normalizedPath(), err.toString());
                        answer(ctx, 500, "internal error");
                    }
                });
        } catch (InboxRefusal r) {
            refuse(ctx, r);
        }
    }

    private Future<Integer> receive(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        if (!acceptableType(type)) {
            throw new InboxRefusal(415, "content type must be application/activity+json or application/ld+json");
        }
        byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        JsonObject json;
        try {
            Object parsed = io.vertx.core.json.Json.decodeValue(io.vertx.core.buffer.Buffer.buffer(body));
            if (!(parsed instanceof JsonObject o)) {
                throw new InboxRefusal(400, "body must be a JSON object");
            }
            json = o;
        } catch (DecodeException e) {
            throw new InboxRefusal(400, "body is not valid JSON");
        }
        SignableRequest request = signable(ctx, body);
        String keyId = HttpSignatures.keyIdOf(request).orElseThrow(() -> new InboxRefusal(401, "unsigned"));
        String keyHost = KeyIdHost.of(keyId, allowHttp).orElseThrow(() -> new InboxRefusal(401, "keyId is not an https IRI"));
        if (blocks.blocked(Hosts.hostOnly(keyHost))) {
            throw new InboxRefusal(403, "domain blocked");
        }
        long wait = rateLimit.retryAfterSeconds(keyHost);
        if (wait > 0) {
            ctx.response().putHeader("Retry-After", String.valueOf(wait));
            throw new InboxRefusal(429, "too many activities from " + keyHost + "; slow down");
        }
        String actor = actorOf(json);
        String activityType = json.getValue("type") instanceof String t ? t : "";
        // Deleted accounts cannot serve keys: an unknown actor deleting itself is accepted without a fetch (Mastodon
        // inboxes_controller.rb skip_unknown_actor_activity).
        if (activityType.equals("Delete") && actor != null && actor.equals(objectIdOf(json)) && keys.cached(keyId).isEmpty()) {
            return Future.succeededFuture(202);
        }
        return verified(request, keyId).compose(key -> {
            if (actor == null || !actor.equals(key.ownerActorId())) {
                throw new InboxRefusal(403, "the signer is not the activity's actor");
            }
            InboundActivity activity = checks.check(json, ctx.normalizedPath());
            for (String host : checks.referencedHosts(activity)) {
                if (blocks.blocked(host)) {
                    throw new InboxRefusal(403, "refers to a blocked domain");
                }
            }
            return log.record(activity).map(isNew -> {
                if (isNew) {
                    wakeWorker.run();
                }
                LOG.info("inbox accepted {} {} from {}{}", activity.type(), activity.id(), Hosts.of(activity.actor(), true).orElse("?"),
                    isNew ? "" : " (duplicate)");
                return 202;
            });
        });
    }

    /** Verifies with the cached key, and once more with a fresh one when that fails and the key is older than 5 min. */
    private Future<SignerKey> verified(SignableRequest request, String keyId) {
        return keys.key(keyId).recover(err -> Future.failedFuture(new InboxRefusal(401, "signing key could not be fetched")))
            .compose(key -> {
                VerificationResult result = signatures.verify(request, id -> id.equals(key.keyId()) ? Optional.of(key.publicKey()) : Optional.empty());
                if (result instanceof VerificationResult.Verified) {
                    return Future.succeededFuture(key);
                }
                String reason = ((VerificationResult.Rejected) result).reason();
                if (key.fetchedAt().isAfter(clock.instant().minus(KEY_REFRESH_AGE)) || !reason.equals("bad-signature")) {
                    return Future.failedFuture(new InboxRefusal(401, reason));
                }
                return keys.refresh(keyId).recover(err -> Future.failedFuture(new InboxRefusal(401, reason))).compose(fresh -> {
                    VerificationResult again = signatures.verify(request, id -> id.equals(fresh.keyId()) ? Optional.of(fresh.publicKey()) : Optional.empty());
                    return again instanceof VerificationResult.Verified ? Future.succeededFuture(fresh)
                        : Future.failedFuture(new InboxRefusal(401, ((VerificationResult.Rejected) again).reason()));
                });
            });
    }

    private SignableRequest signable(RoutingContext ctx, byte[] body) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        ctx.request().headers().forEach(e -> headers.computeIfAbsent(e.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(e.getValue()));
        // HTTP/2 (also h2c upgraded from HTTP/1.1) carries the host as :authority, which signatures call host.
        if (!headers.containsKey("host") && ctx.request().authority() != null) {
            headers.put("host", List.of(ctx.request().authority().toString()));
        }
        return new SignableRequest(ctx.request().method().name(), URI.create(baseUrl + ctx.request().uri()), headers, body);
    }

    private static String actorOf(JsonObject json) {
        Object a = json.getValue("actor");
        if (a instanceof String s) {
            return s;
        }
        return a instanceof JsonObject o ? o.getString("id") : null;
    }

    private static String objectIdOf(JsonObject json) {
        Object o = json.getValue("object");
        if (o instanceof String s) {
            return s;
        }
        return o instanceof JsonObject j ? j.getString("id") : null;
    }

    static boolean acceptableType(String header) {
        if (header == null) {
            return false;
        }
        String t = header.toLowerCase(Locale.ROOT).split(";", 2)[0].trim();
        return t.equals("application/activity+json") || t.equals("application/ld+json") || t.equals("application/json");
    }

    private void refuse(RoutingContext ctx, InboxRefusal r) {
        LOG.info("inbox refused {} on {}: {}", r.status(), ctx.normalizedPath(), r.getMessage());
        answer(ctx, r.status(), r.getMessage());
    }

    private static void answer(RoutingContext ctx, int status, String error) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json");
        ctx.response().end(error == null ? "{}" : new JsonObject().put("error", error).encode());
    }
}
