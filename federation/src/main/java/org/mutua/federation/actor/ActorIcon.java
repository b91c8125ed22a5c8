package org.mutua.federation.actor;

import java.util.Objects;

/** An actor's avatar, emitted as {@code {"type":"Image","mediaType":..,"url":..}}. */
public record ActorIcon(String url, String mediaType) {
    public ActorIcon {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(mediaType, "mediaType");
    }
}
