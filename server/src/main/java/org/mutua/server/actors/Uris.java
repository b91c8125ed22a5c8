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

    public String sharedInbox() {
        return base + "/inbox";
    }
}
