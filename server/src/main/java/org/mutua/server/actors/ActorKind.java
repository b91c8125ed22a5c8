package org.mutua.server.actors;

import java.util.Arrays;

/** What a local actor is; the wire name is stored. */
public enum ActorKind {
    PERSON("person", "Person"), GROUP("group", "Group"), APPLICATION("application", "Application");

    private final String wire;
    private final String activityStreamsType;

    ActorKind(String wire, String activityStreamsType) {
        this.wire = wire;
        this.activityStreamsType = activityStreamsType;
    }

    public String wire() { return wire; }
    public String activityStreamsType() { return activityStreamsType; }

    static ActorKind fromWire(String wire) {
        return Arrays.stream(values()).filter(k -> k.wire.equals(wire)).findFirst().orElseThrow();
    }
}
