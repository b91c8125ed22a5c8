package org.mutua.server.notices;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import java.util.List;
import org.mutua.federation.inbox.InboxHandlers;
import org.mutua.server.actors.Actors;
import org.mutua.server.feature.Feature;
import org.mutua.server.feature.NodeCore;
import org.mutua.server.feature.NodeParts;
import org.mutua.server.follows.Follows;
import org.mutua.server.members.Members;
import org.mutua.server.publishing.Publisher;

/**
 * Notices: short posts by members and by the neighbourhood, followers-only by default, public or node-only; replies,
 * likes and boosts from the fediverse; outboxes. The example the next features copy (docs/architecture.md).
 */
public final class Notices implements Feature {
    private final Actors actors;
    private final Members members;
    private final Follows follows;
    private NodeCore core;
    private NodeParts parts;
    private NoticeService notices;
    private NoticeInteractions interactions;

    public Notices(Actors actors, Members members, Follows follows) {
        this.actors = actors;
        this.members = members;
        this.follows = follows;
    }

    @Override
    public String name() {
        return "notices";
    }

    @Override
    public List<Class<?>> entities() {
        return List.of(Notice.class, NoticeReply.class);
    }

    @Override
    public Future<Void> open(NodeCore core) {
        this.core = core;
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> start(NodeParts parts) {
        this.parts = parts;
        notices = new NoticeService(core.tx(), actors.uris(), new Publisher(actors.uris(), actors.outbox()), follows.service(),
            core.config().neighbourhoodUsername(), core.config().defaultLanguage(), core.clock());
        interactions = new NoticeInteractions(core.tx(), core.config().devAllowHttp(), core.clock());
        return Future.succeededFuture();
    }

    @Override
    public void listen(InboxHandlers inbox) {
        new NoticeInbox(interactions, new CreateByReference(parts.fetcher(), core.config().devAllowHttp())).register(inbox);
    }

    @Override
    public void mount(Router router) {
        new NoticeApi(notices, interactions, members.bearer(), actors.uris()).mount(router);
        // Before the pages: /o/:id answers ActivityPub clients and passes browsers on.
        new NoticeRoutes(core.config(), notices, actors.service(), actors.uris(), parts.authenticator()).mount(router);
        NoticePages pages = new NoticePages(core.config(), notices, interactions, members.pages());
        pages.mount(router);
        members.showOnHome(pages::neighbourhoodNotices);
    }
}
