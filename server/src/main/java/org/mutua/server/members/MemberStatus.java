package org.mutua.server.members;

import java.util.Arrays;

/**
 * pending: signed up and waiting for a coordinator; active: may log in; rejected: kept so the name stays taken;
 * suspended: paused by an organiser (no log-in, sessions or tokens) until restored.
 */
public enum MemberStatus {
    PENDING("pending"), ACTIVE("active"), REJECTED("rejected"), SUSPENDED("suspended");

    private final String wire;

    MemberStatus(String wire) { this.wire = wire; }

    public String wire() { return wire; }

    static MemberStatus fromWire(String s) {
        return Arrays.stream(values()).filter(r -> r.wire.equals(s)).findFirst().orElseThrow();
    }
}
