package org.mutua.federation.inbox;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import org.mutua.federation.signatures.HttpSignatures;
import org.mutua.federation.signatures.SignableRequest;
import org.mutua.federation.vocab.ActivityTypes;
import org.mutua.federation.vocab.Ids;
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
    private final RequestAuthenticator authenticator;
    private final DomainBlocks blocks;
    private final DomainRateLimit rateLimit;
    private final InboundLog log;
    private final Runnable wakeWorker;
    private final ActivityChecks checks;
    private final long maxBacklog;
    private final java.util.concurrent.atomic.AtomicLong backlog = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong backlogReadAt = new java.util.concurrent.atomic.AtomicLong();

    /** The default bound of the inbound job queue: past it, senders are asked to come back later (6 row 32). */
    public static final long DEFAULT_MAX_BACKLOG = 20_000;

    public InboxRoute(RequestAuthenticator authenticator, boolean allowHttp, DomainBlocks blocks, DomainRateLimit rateLimit,
                      InboundLog log, Runnable wakeWorker) {
        this(authenticator, allowHttp, blocks, rateLimit, log, wakeWorker, DEFAULT_MAX_BACKLOG);
    }

    public InboxRoute(RequestAuthenticator authenticator, boolean allowHttp, DomainBlocks blocks, DomainRateLimit rateLimit,
                      InboundLog log, Runnable wakeWorker, long maxBacklog) {
        this.maxBacklog = maxBacklog;
        this.authenticator = authenticator;
        this.blocks = blocks;
        this.rateLimit = rateLimit;
        this.log = log;
        this.wakeWorker = wakeWorker;
        this.checks = new ActivityChecks(allowHttp);
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
        SignableRequest request = authenticator.signable(ctx, body);
        String keyId = HttpSignatures.keyIdOf(request).orElseThrow(() -> new InboxRefusal(401, "unsigned"));
        String keyHost = authenticator.keyHost(keyId);
        // A domain already over its budget is refused before any verification work; this reads, never counts.
        long wait = rateLimit.retryAfterSeconds(keyHost);
        if (wait > 0) {
            throw new InboxRefusal(429, "too many activities from " + keyHost + "; slow down", wait);
        }
        if (backlog() > maxBacklog) {
            throw new InboxRefusal(503, "too many activities waiting; retry later", 30);
        }
        String actor = Ids.of(json, "actor");
        String activityType = json.getValue("type") instanceof String t ? t : "";
        // Deleted accounts cannot serve keys: an unknown actor deleting itself is accepted without a fetch (Mastodon
        // inboxes_controller.rb skip_unknown_actor_activity); a known one's key is cached or stored, so its Delete
        // is verified and processed (FEDERATION.md 2 rule 4).
        if (activityType.equals(ActivityTypes.DELETE) && actor != null && actor.equals(Ids.of(json, "object"))) {
            return authenticator.keys().known(keyId).compose(known -> known.isEmpty() ? Future.succeededFuture(202)
                : verifiedAndRecorded(ctx, request, keyId, keyHost, json, actor));
        }
        return verifiedAndRecorded(ctx, request, keyId, keyHost, json, actor);
    }

    private Future<Integer> verifiedAndRecorded(RoutingContext ctx, SignableRequest request, String keyId, String keyHost,
                                                JsonObject json, String actor) {
        return authenticator.verified(request, keyId).compose(key -> {
            // Counted once verified: a forged keyId naming a real peer's domain must not spend that peer's budget.
            long wait = rateLimit.countVerified(keyHost);
            if (wait > 0) {
                throw new InboxRefusal(429, "too many activities from " + keyHost + "; slow down", wait);
            }
            if (actor == null || !actor.equals(key.ownerActorId())) {
                throw new InboxRefusal(403, "the signer is not the activity's actor");
            }
            InboundActivity activity = checks.check(json, ctx.normalizedPath());
            for (String host : checks.referencedHosts(activity)) {
                if (blocks.blocked(host)) {
                    throw new InboxRefusal(403, "refers to a blocked domain");
                }
            }
            String signerAuthority = Hosts.of(keyId, true).orElse(keyHost);
            return log.record(activity, signerAuthority).map(isNew -> {
                if (isNew) {
                    wakeWorker.run();
                }
                // Debug: every activity gets its info line from the worker, with its outcome. This one, with the
                // signature scheme, cost a tenth of the inbox's CPU under a flood (docs/benchmarks.md).
                LOG.debug("inbox accepted {} {} from {} signed {}{}", activity.type(), activity.id(), Hosts.of(activity.actor(), true).orElse("?"),
                    HttpSignatures.schemeOf(request).map(Enum::name).orElse("?"), isNew ? "" : " (duplicate)");
                return 202;
            });
        });
    }

    /** The job backlog as last read; read again (without waiting for it) at most once a second. */
    private long backlog() {
        long now = System.currentTimeMillis();
        long last = backlogReadAt.get();
        if (now - last > 1000 && backlogReadAt.compareAndSet(last, now)) {
            log.backlog().onSuccess(backlog::set);
        }
        return backlog.get();
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
        if (r.retryAfterSeconds() > 0 && !ctx.response().ended()) {
            ctx.response().putHeader("Retry-After", String.valueOf(r.retryAfterSeconds()));
        }
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
