package org.mutua.server.actors;

import org.mutua.config.MutuaConfig;

/**
 * The one place that builds the ids of local actors and their collections, always from the configured scheme and
 * domain, never from a request's Host header (Mastodon keeps this in ActivityPub::TagManager).
 */
public final class Uris {
    private final String base;

    public Uris(MutuaConfig config) {
        this.base = config.baseUrl();
    }

    public String base() {
        return base;
    }

    public String actor(LocalActor a) {
        return actor(a.kind(), a.username());
    }

    public String actor(ActorKind kind, String username) {
        return switch (kind) {
            case PERSON -> base + "/u/" + username;
            case GROUP -> base + "/g/" + username;
            case APPLICATION -> base + "/actor";
        };
    }

    /** Where a person reads about the actor in a browser: the neighbourhood's is the home page. */
    public String profilePage(LocalActor a) {
        return switch (a.kind()) {
            case PERSON -> base + "/u/" + a.username();
            case GROUP -> base + "/";
            case APPLICATION -> base + "/";
        };
    }

    /** One of an actor's collections: {@code followers}, {@code following}, {@code outbox}, … */
    public String collection(LocalActor a, String name) {
        return actor(a) + "/" + name;
    }

    /** The followers collection, exactly as the actor document states it (followers-only addressing needs it so). */
    public String followers(LocalActor a) {
        return collection(a, "followers");
    }

    /** A published object (a notice, a request, …) by its public id. */
    public String object(String publicId) {
        return base + "/o/" + publicId;
    }

    /**
     * The {@code Create} that published an object: the object's id plus {@code /activity}, as Mastodon's
     * (TagManager#activity_uri_for), so the outbox shows the same activity that was delivered.
     */
    public static String createOf(String objectId) {
        return objectId + "/activity";
    }

    public String sharedInbox() {
        return base + "/inbox";
    }

    public String keyId(LocalActor a) {
        return actor(a) + "#main-key";
    }

    /** A new id for an activity this node sends; never reused. */
    public String newActivity() {
        return base + "/a/" + org.mutua.server.security.RandomTokens.urlSafe(16);
    }

    /** Whether an IRI names something on this node (the inbox registry's "ours", decided by the IRI alone). */
    public boolean isOurs(String iri) {
        return iri != null && iri.startsWith(base + "/");
    }

    /** The local actor an IRI names, as (kind, username), if it is one of ours. */
    public java.util.Optional<java.util.Map.Entry<ActorKind, String>> parseActor(String iri) {
        if (iri == null) {
            return java.util.Optional.empty();
        }
        if (iri.equals(base + "/actor")) {
            return java.util.Optional.of(java.util.Map.entry(ActorKind.APPLICATION, ""));
        }
        for (ActorKind kind : new ActorKind[] {ActorKind.PERSON, ActorKind.GROUP}) {
            String prefix = base + (kind == ActorKind.PERSON ? "/u/" : "/g/");
            if (iri.startsWith(prefix)) {
                String name = iri.substring(prefix.length());
                if (name.matches("^[a-z0-9_]{1,30}$")) {
                    return java.util.Optional.of(java.util.Map.entry(kind, name));
                }
            }
        }
        return java.util.Optional.empty();
    }
}
