package org.mutua.server.actors;

import java.util.Arrays;
import java.util.stream.Collectors;

/** An actor's plain-text bio as the small HTML ActivityPub's {@code summary} carries. */
public final class ActorSummary {
    private ActorSummary() {
    }

    /** Paragraphs and line breaks, everything else escaped. */
    public static String html(String bio) {
        if (bio == null || bio.isBlank()) {
            return "";
        }
        return Arrays.stream(bio.split("\n\\s*\n"))
            .map(p -> "<p>" + escape(p.strip()).replace("\n", "<br>") + "</p>")
            .collect(Collectors.joining());
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
