package org.mutua.server.publishing;

import java.util.List;
import java.util.Optional;
import org.mutua.federation.vocab.ActivityStreams;
import org.mutua.server.actors.LocalActor;
import org.mutua.server.actors.Uris;

/**
 * Who a published item is for, with the words of FEDERATION.md 7: the one place that decides, for each audience, the
 * actor that publishes the item, its {@code to} and {@code cc}, and whose inboxes receive it ({@link #addressing}).
 * Features choose an audience; they never write {@code to}/{@code cc} or pick recipients themselves.
 */
public enum Audience {
    /** Anyone: {@code to} Public, {@code cc} the author's followers; delivered to the author's accepted followers. */
    PUBLIC,
    /**
     * The neighbourhood (the default for requests and offers): every member on the node, and the neighbourhood's
     * accepted followers, published by the neighbourhood's {@code Group} (FEDERATION.md 3.1: Mastodon shows a
     * followers-only post only from an actor its user follows, and people follow the neighbourhood).
     */
    NEIGHBOURHOOD,
    /** The author's accepted followers: {@code to} the author's followers collection exactly as its actor states it. */
    FOLLOWERS,
    /** Only on this node: never addressed, never queued, never served over ActivityPub. */
    LOCAL,
    /** A support circle: published by the circle's {@code Group} to its approved members, never to Public. */
    CIRCLE,
    /** The addressed actors only. */
    DIRECT;

    /** The word used in the API, forms and the database. */
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Optional<Audience> parse(String s) {
        for (Audience a : values()) {
            if (a.wire().equals(s)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /**
     * Who may speak for an item: its author (a member's {@code Person}, or the neighbourhood's {@code Group} when an
     * organiser writes as the neighbourhood), the neighbourhood, the circle it is posted to, the actors it is addressed
     * to. An audience that needs one of them and does not get it is a programming error.
     */
    public record Voices(LocalActor author, LocalActor neighbourhood, LocalActor circle, List<String> addressees) {
        public Voices {
            addressees = addressees == null ? List.of() : List.copyOf(addressees);
        }

        public static Voices of(LocalActor author) {
            return new Voices(author, null, null, List.of());
        }
    }

    /** The publishing actor, {@code to}, {@code cc} and recipients of an item for this audience. */
    public Addressing addressing(Voices v, Uris uris) {
        return switch (this) {
            case PUBLIC -> new Addressing(this, v.author(), List.of(ActivityStreams.PUBLIC), List.of(followers(uris, v.author())),
                new Addressing.FollowersOf(v.author()));
            case FOLLOWERS -> new Addressing(this, v.author(), List.of(followers(uris, v.author())), List.of(),
                new Addressing.FollowersOf(v.author()));
            case NEIGHBOURHOOD -> new Addressing(this, need(v.neighbourhood(), "neighbourhood"), List.of(followers(uris, v.neighbourhood())),
                List.of(), new Addressing.FollowersOf(v.neighbourhood()));
            case CIRCLE -> new Addressing(this, need(v.circle(), "circle"), List.of(followers(uris, v.circle())), List.of(),
                new Addressing.FollowersOf(v.circle()));
            case DIRECT -> new Addressing(this, v.author(), needSome(v.addressees()), List.of(), new Addressing.Addressees(v.addressees()));
            case LOCAL -> new Addressing(this, v.author(), List.of(), List.of(), new Addressing.Nobody());
        };
    }

    private static String followers(Uris uris, LocalActor actor) {
        return uris.followers(actor);
    }

    private LocalActor need(LocalActor actor, String which) {
        if (actor == null) {
            throw new IllegalArgumentException("the " + wire() + " audience needs the " + which);
        }
        return actor;
    }

    private List<String> needSome(List<String> addressees) {
        if (addressees.isEmpty()) {
            throw new IllegalArgumentException("the direct audience needs at least one addressee");
        }
        return addressees;
    }
}
