package org.mutua.federation.fetch;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.mutua.federation.vocab.CompactedJson;

/**
 * Handle to actor with the inbound round trip of FEDERATION.md §1.2, shaped like Mastodon
 * app/services/activitypub/fetch_remote_actor_service.rb {@code check_webfinger!}: WebFinger the handle, fetch the
 * {@code self} actor, then WebFinger {@code acct:preferredUsername@actorHost}; if its subject names another account,
 * ask that domain once more; the final {@code self} must equal the actor id. WebFinger GETs are unsigned (§2) but go
 * through the same guard, budget and limits as every fetch.
 */
public final class WebFingerResolver {
    private final RemoteFetcher fetcher;
    private final String scheme;

    public WebFingerResolver(RemoteFetcher fetcher) {
        this(fetcher, "https");
    }

    /** @param scheme "https", or "http" for loopback development peers (needs MUTUA_DEV_ALLOW_HTTP) */
    public WebFingerResolver(RemoteFetcher fetcher, String scheme) {
        if (!"https".equals(scheme) && !"http".equals(scheme)) {
            throw new IllegalArgumentException("scheme must be https or http");
        }
        this.fetcher = fetcher;
        this.scheme = scheme;
    }

    /** @param handle {@code user@host}, {@code @user@host} or {@code acct:user@host} */
    public Future<URI> resolve(String handle) {
        return resolveHandle(handle).map(r -> r.actor().id());
    }

    public Future<ResolvedHandle> resolveHandle(String handle) {
        Acct acct;
        try {
            acct = Acct.parse(handle);
        } catch (FetchException e) {
            return Future.failedFuture(e);
        }
        return webfinger(acct).compose(first -> fetcher.fetch(first.self()).compose(doc -> {
            RemoteActor actor = RemoteActor.parse(doc.json(), fetcher.guard().allowHttp());
            if (actor.preferredUsername() == null) {
                return Future.failedFuture(new FetchException("actor-preferred-username"));
            }
            if (!actor.id().equals(first.self())) {
                return Future.failedFuture(new FetchException("webfinger-self-mismatch"));
            }
            Acct home = new Acct(actor.preferredUsername(), RemoteUrls.authority(actor.id()));
            // The first answer already is the round trip when the handle was the actor's own.
            Future<Jrd> second = home.equals(acct) && first.subject().equals(acct) ? Future.succeededFuture(first) : webfinger(home);
            return second.compose(jrd -> {
                if (jrd.subject().equals(home)) {
                    return confirm(jrd, actor);
                }
                return webfinger(jrd.subject()).compose(third -> third.subject().equals(jrd.subject())
                    ? confirm(third, actor) : Future.failedFuture(new FetchException("webfinger-no-round-trip")));
            });
        }));
    }

    private static Future<ResolvedHandle> confirm(Jrd jrd, RemoteActor actor) {
        if (!jrd.self().equals(actor.id())) {
            return Future.failedFuture(new FetchException("webfinger-no-round-trip"));
        }
        return Future.succeededFuture(new ResolvedHandle(jrd.subject().toString(), actor));
    }

    private Future<Jrd> webfinger(Acct acct) {
        URI url;
        try {
            url = new URI(scheme + "://" + acct.domain() + "/.well-known/webfinger?resource="
                + URLEncoder.encode("acct:" + acct, StandardCharsets.UTF_8));
        } catch (java.net.URISyntaxException e) {
            return Future.failedFuture(new FetchException("bad-handle"));
        }
        return fetcher.getUnsigned(url, FetchMediaTypes.ACCEPT_JRD, FetchMediaTypes::isJrd)
            .compose(r -> Future.succeededFuture(Jrd.parse(RemoteFetcher.parseObject(r.body()), fetcher.guard().allowHttp())));
    }

    /** {@code user@domain}, domain normalised with an optional port (development peers such as localhost:3000). */
    record Acct(String user, String domain) {
        static Acct parse(String handle) {
            if (handle == null || handle.length() > 512) {
                throw new FetchException("bad-handle");
            }
            String h = handle.strip();
            if (h.regionMatches(true, 0, "acct:", 0, 5)) {
                h = h.substring(5);
            }
            if (h.startsWith("@")) {
                h = h.substring(1);
            }
            int at = h.lastIndexOf('@');
            if (at <= 0 || at == h.length() - 1) {
                throw new FetchException("bad-handle");
            }
            String user = h.substring(0, at);
            if (!user.matches("[A-Za-z0-9_.\\-~]{1,255}")) {
                throw new FetchException("bad-handle");
            }
            return new Acct(user, normalizeDomain(h.substring(at + 1)));
        }

        static String normalizeDomain(String d) {
            int colon = d.lastIndexOf(':');
            if (colon > 0 && !d.endsWith("]") && d.substring(colon + 1).matches("[0-9]{1,5}")) {
                return RemoteUrls.normalizeHost(d.substring(0, colon)) + d.substring(colon);
            }
            if (d.contains("/") || d.contains("?") || d.contains("#") || d.contains("@")) {
                throw new FetchException("bad-handle");
            }
            return RemoteUrls.normalizeHost(d);
        }

        /** Usernames compare case-insensitively, as Mastodon does ({@code casecmp}); domains are already normal. */
        @Override
        public boolean equals(Object o) {
            return o instanceof Acct a && a.user.equalsIgnoreCase(user) && a.domain.equals(domain);
        }

        @Override
        public int hashCode() {
            return user.toLowerCase(Locale.ROOT).hashCode() * 31 + domain.hashCode();
        }

        @Override
        public String toString() {
            return user + "@" + domain;
        }
    }

    /** The two things a JRD answer is used for: its subject and its ActivityPub {@code self} link. */
    record Jrd(Acct subject, URI self) {
        static Jrd parse(JsonObject json, boolean allowHttp) {
            Object subject = json.getValue("subject");
            if (!(subject instanceof String s) || !s.regionMatches(true, 0, "acct:", 0, 5)) {
                throw new FetchException("webfinger-subject");
            }
            Acct acct = Acct.parse(s);
            for (JsonObject link : CompactedJson.objects(json, "links")) {
                if ("self".equals(link.getValue("rel")) && link.getValue("type") instanceof String type
                    && FetchMediaTypes.isActivityPub(type) && link.getValue("href") instanceof String href) {
                    try {
                        return new Jrd(acct, RemoteUrls.parse(href, allowHttp));
                    } catch (FetchException e) {
                        throw new FetchException("webfinger-bad-self");
                    }
                }
            }
            throw new FetchException("webfinger-no-self");
        }
    }
}
