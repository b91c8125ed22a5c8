package org.mutua.server.publishing;

import java.util.Optional;
import org.mutua.server.members.Member;

/**
 * Who is asking to read an item: somebody not logged in and not signed, a remote actor whose signature checked, or a
 * member of this node. Each feature's read rule ({@code canRead(viewer, item)}) decides on one of these, for the
 * ActivityPub GET, the pages, the JSON API and inbound interactions alike.
 */
public sealed interface Viewer permits Viewer.Anonymous, Viewer.Remote, Viewer.Local {

    /** Not logged in, and no valid signature. */
    record Anonymous() implements Viewer {
    }

    /** A remote actor, by the id its signature (or its activity) proved. */
    record Remote(String actorUri) implements Viewer {
    }

    /** A member of this node, logged in. */
    record Local(Member member) implements Viewer {
    }

    Viewer ANONYMOUS = new Anonymous();

    static Viewer member(Optional<Member> member) {
        return member.<Viewer>map(Local::new).orElse(ANONYMOUS);
    }

    static Viewer signer(Optional<String> actorUri) {
        return actorUri.<Viewer>map(Remote::new).orElse(ANONYMOUS);
    }
}
