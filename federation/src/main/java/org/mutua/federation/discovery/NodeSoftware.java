package org.mutua.federation.discovery;

import java.util.Objects;
import java.util.regex.Pattern;

/** NodeInfo {@code software}; the name must match the schema's {@code ^[a-z0-9-]+$}. */
public record NodeSoftware(String name, String version, String repository, String homepage) {
    private static final Pattern NAME = Pattern.compile("^[a-z0-9-]+$");

    public NodeSoftware {
        Objects.requireNonNull(version, "version");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("NodeInfo software name must match ^[a-z0-9-]+$, got " + name);
        }
    }
}
