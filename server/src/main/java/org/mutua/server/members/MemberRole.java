package org.mutua.server.members;

import java.util.Arrays;
import java.util.Optional;

/** What a member may do beyond their own account: coordinators decide sign-ups and follows; admins run the node. */
public enum MemberRole {
    MEMBER("member"), COORDINATOR("coordinator"), ADMIN("admin");

    private final String wire;

    MemberRole(String wire) { this.wire = wire; }

    public String wire() { return wire; }

    public boolean canCoordinate() { return this != MEMBER; }

    /** Organisers act only on accounts whose role is at most their own, and grant at most their own role. */
    public boolean atMost(MemberRole other) { return ordinal() <= other.ordinal(); }

    public static Optional<MemberRole> parse(String s) {
        return Arrays.stream(values()).filter(r -> r.wire.equals(s)).findFirst();
    }

    static MemberRole fromWire(String s) { return parse(s).orElseThrow(); }
}
