package org.mutua.server.testing;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The documents captured from real peers that federation's tests keep under {@code src/test/resources/peers} (each
 * named in its folder's SOURCES.md), made to come from a {@link ScriptedRemoteActor}: the origin they were captured on
 * becomes the scripted actor's, so that the node can fetch the actor and check the signature. Nothing else changes.
 */
public final class PeerDocuments {
    private PeerDocuments() {
    }

    /** The document {@code peers/<name>} with each of {@code origins} (e.g. {@code https://framapiaf.org}) replaced by the actor's. */
    public static JsonObject sentBy(ScriptedRemoteActor actor, String name, String... origins) {
        String text = text(name);
        for (String origin : origins) {
            text = text.replace(origin, actor.base);
        }
        return new JsonObject(text);
    }

    /** The captured text, from federation's test jar. */
    public static String text(String name) {
        String resource = "peers/" + name;
        try (InputStream in = PeerDocuments.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no captured document " + resource + " (federation's test jar is not on the classpath?)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }
}
