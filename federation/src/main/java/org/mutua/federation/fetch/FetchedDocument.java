package org.mutua.federation.fetch;

import io.vertx.core.json.JsonObject;
import java.net.URI;

/** A remote ActivityPub document whose {@code id} equals {@code finalUrl}, the URL it was actually served from. */
public record FetchedDocument(URI finalUrl, JsonObject json) {
}
