package org.mutua.server.publishing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.mutua.server.actors.LocalActor;

/**
 * What {@link Audience#addressing} decided for one item: the actor that publishes it, its {@code to} and {@code cc}
 * (always arrays: Mobilizon and Mastodon's poll parser need them so, FEDERATION.md 3), and whose inboxes get it.
 */
public record Addressing(Audience audience, LocalActor actor, List<String> to, List<String> cc, Recipients recipients) {
    public Addressing {
        to = List.copyOf(to);
        cc = List.copyOf(cc);
    }

    /** Whose inboxes an item goes to. */
    public sealed interface Recipients permits FollowersOf, Addressees, Nobody {
    }

    /** The accepted followers of this actor (never pending ones: FEDERATION.md 5, Pixelfed CVE-2025-30741). */
    public record FollowersOf(LocalActor actor) implements Recipients {
    }

    /** These remote actors. */
    public record Addressees(List<String> actorUris) implements Recipients {
    }

    /** Nobody: the item never enters the delivery queue. */
    public record Nobody() implements Recipients {
    }

    /** Whether anything is ever queued for it. */
    public boolean delivered() {
        return !(recipients instanceof Nobody);
    }

    /** Sets {@code to} and {@code cc} on the object (or activity) and answers it. */
    public JsonObject applyTo(JsonObject object) {
        return object.put("to", new JsonArray(new java.util.ArrayList<>(to))).put("cc", new JsonArray(new java.util.ArrayList<>(cc)));
    }
}
