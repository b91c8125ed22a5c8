package org.mutua.server.members;

import org.mutua.server.actors.LocalActor;

/** A member together with the public face they edit: their actor's name and bio. */
public record MemberProfile(Member member, LocalActor actor) {
    public String displayName() { return actor.displayName(); }
    public String bio() { return actor.summary(); }
}
