package org.mutua.web.view;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What went wrong with a submitted form, and what the person typed so they need not type it again.
 *
 * <p>Messages are message keys (e.g. "error.username.taken") or already-translated text; templates pass
 * them through {@code Messages.t}, which returns unknown keys unchanged. Field order is kept, so the
 * error summary lists problems in the order the fields appear when the server adds them in that order.
 * Passwords must never be put into {@code values}.
 *
 * @param fields  field name → message (key or text), in display order
 * @param general problems not tied to one field, e.g. "error.login.failed"
 * @param values  field name → value to re-fill
 */
public record FormErrors(Map<String, String> fields, List<String> general, Map<String, String> values) {

    private static final FormErrors NONE = new FormErrors(Map.of(), List.of(), Map.of());

    public FormErrors {
        fields = frozen(fields);
        general = general == null ? List.of() : List.copyOf(general);
        values = frozen(values);
    }

    public static FormErrors none() {
        return NONE;
    }

    /** A copy with one more field error. */
    public FormErrors withError(String field, String message) {
        Map<String, String> more = new LinkedHashMap<>(fields);
        more.put(field, message);
        return new FormErrors(more, general, values);
    }

    /** A copy with one more problem that belongs to no single field. */
    public FormErrors withGeneral(String message) {
        List<String> more = new ArrayList<>(general);
        more.add(message);
        return new FormErrors(fields, more, values);
    }

    /** A copy that re-fills {@code field} with {@code value}. */
    public FormErrors withValue(String field, String value) {
        Map<String, String> more = new LinkedHashMap<>(values);
        more.put(field, value);
        return new FormErrors(fields, general, more);
    }

    public boolean any() {
        return !fields.isEmpty() || !general.isEmpty();
    }

    public boolean has(String field) {
        return fields.containsKey(field);
    }

    public String message(String field) {
        return fields.get(field);
    }

    /** The value to re-fill, or {@code fallback} when the person has not typed one. */
    public String value(String field, String fallback) {
        String typed = values.get(field);
        return typed != null ? typed : fallback;
    }

    public String value(String field) {
        return value(field, "");
    }

    /** For {@code aria-describedby}: the hint id, plus the error id when this field has an error. */
    public String describedBy(String field, boolean hasHint) {
        List<String> ids = new ArrayList<>(2);
        if (hasHint) {
            ids.add(field + "-hint");
        }
        if (has(field)) {
            ids.add(field + "-error");
        }
        return ids.isEmpty() ? null : String.join(" ", ids);
    }

    /** For {@code aria-invalid}: "true" when the field has an error, else null (attribute left out). */
    public String invalid(String field) {
        return has(field) ? "true" : null;
    }

    private static Map<String, String> frozen(Map<String, String> map) {
        if (map == null || map.isEmpty()) {
            return Map.of();
        }
        Map<String, String> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (k != null && v != null) {
                copy.put(k, v);
            }
        });
        return Collections.unmodifiableMap(copy);
    }
}
