package org.mutua.server.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Serves the OpenAPI 3 document of the JSON API, kept in the repository at server/src/main/resources/openapi/. */
public final class ApiDescription {
    public static final String PATH = "/api/mutua/v1/openapi.json";
    private static final String RESOURCE = "/openapi/mutua-v1.json";

    private final Buffer document;

    /** Reads the document once, at start-up. */
    public ApiDescription() {
        try (InputStream in = ApiDescription.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the jar");
            }
            document = Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void mount(Router router) {
        router.get(PATH).handler(ctx -> ctx.response()
            .putHeader("Content-Type", "application/json; charset=utf-8")
            .putHeader("Access-Control-Allow-Origin", "*")
            .end(document));
    }
}
