package org.mutua.server.follows;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import java.util.List;
import org.mutua.federation.inbox.InboxHandlers;
import org.mutua.server.actors.Actors;
import org.mutua.server.feature.Feature;
import org.mutua.server.feature.NodeCore;
import org.mutua.server.feature.NodeParts;
import org.mutua.server.members.Members;

/**
 * Follows in both directions: remote people following a member or the neighbourhood (approved by the member, or by
 * a coordinator for the neighbourhood), and members following remote actors; the followers and following collections.
 */
public final class Follows implements Feature {
    private final Actors actors;
    private final Members members;
    private NodeCore core;
    private FollowService follows;

    public Follows(Actors actors, Members members) {
        this.actors = actors;
        this.members = members;
    }

    @Override
    public String name() {
        return "follows";
    }

    @Override
    public List<Class<?>> entities() {
        return List.of(Follow.class);
    }

    @Override
    public Future<Void> open(NodeCore core) {
        this.core = core;
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> start(NodeParts parts) {
        follows = new FollowService(core.tx(), actors.uris(), actors.outbox(), actors.remotes(),
            core.config().neighbourhoodUsername(), core.clock());
        members.followOnProfile((viewer, actorId) -> follows.localFollow(viewer.actorId(), actorId)
            .map(f -> f.map(x -> new org.mutua.web.members.ProfileView.FollowButton(x.publicId(), x.state().name().toLowerCase(java.util.Locale.ROOT)))
                .orElse(new org.mutua.web.members.ProfileView.FollowButton(null, null))));
        return Future.succeededFuture();
    }

    @Override
    public void listen(InboxHandlers inbox) {
        new FollowInbox(follows, actors.uris()).register(inbox);
    }

    @Override
    public void mount(Router router) {
        new FollowApi(core.config(), follows, actors.service(), members.bearer(), actors.uris()).mount(router);
        new FollowCollections(follows, actors.routes()).mount(router);
        new FollowPages(core.config(), follows, actors.remotes(), actors.service(), members.pages(), actors.uris()).mount(router);
    }

    /** Present once the node serves. */
    public FollowService service() {
        return follows;
    }
}
