package org.mutua.server.http;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import org.mutua.server.problems.Problem;

/** Reads a JSON API body: a JSON object or a 400 that says so; fields of the wrong type are named. */
public final class JsonBodies {
    private JsonBodies() {
    }

    public static JsonObject object(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new Problem(415, null, "error.unsupportedMediaType", "send the body as application/json");
        }
        try {
            Object parsed = ctx.body().buffer() == null ? null : io.vertx.core.json.Json.decodeValue(ctx.body().buffer());
            if (parsed instanceof JsonObject o) {
                return o;
            }
        } catch (DecodeException e) {
            throw Problem.invalid(null, "error.json", "the body is not valid JSON");
        }
        throw Problem.invalid(null, "error.json", "the body must be a JSON object");
    }

    /** An optional string field; a number or object where a string belongs is a 400 naming the field. */
    public static String string(JsonObject body, String field) {
        Object v = body.getValue(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw Problem.invalid(field, "error.field.type", field + " must be a string");
        }
        return s;
    }

    public static List<String> strings(JsonObject body, String field) {
        Object v = body.getValue(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof JsonArray a)) {
            throw Problem.invalid(field, "error.field.type", field + " must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (Object o : a) {
            if (!(o instanceof String s)) {
                throw Problem.invalid(field, "error.field.type", field + " must be an array of strings");
            }
            out.add(s);
        }
        return out;
    }
}
