package org.mutua.server.members;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import java.util.List;
import org.mutua.config.MutuaConfig;
import org.mutua.federation.delivery.HostStates;
import org.mutua.federation.discovery.DiscoveryRoutes;
import org.mutua.server.actors.Actors;
import org.mutua.server.actors.LocalActorDirectory;
import org.mutua.server.feature.Feature;
import org.mutua.server.feature.NodeCore;
import org.mutua.server.feature.NodeParts;

/**
 * Members: accounts, sign-up, log-in sessions, API tokens, roles and profiles; the pages every other feature's pages
 * are rendered through ({@link WebPages}); the node's discovery documents (WebFinger, NodeInfo, host-meta); the
 * admin's view of remote hosts.
 */
public final class Members implements Feature {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Members.class);
    private final Actors actors;
    private NodeCore core;
    private MemberService members;
    private OrganiserService organisers;
    private LoginService logins;
    private ApiTokenService tokens;
    private BearerAuth bearer;
    private WebPages pages;
    private NodeParts parts;
    private volatile MemberPages.HomeNotices homeNotices = ctx -> Future.succeededFuture(List.of());
    private volatile MemberPages.ProfileFollow profileFollow = (viewer, actorId) -> Future.succeededFuture(null);

    public Members(Actors actors) {
        this.actors = actors;
    }

    @Override
    public String name() {
        return "members";
    }

    @Override
    public List<Class<?>> entities() {
        return List.of(Member.class, LoginSession.class, ApiToken.class, Invite.class, PasswordLink.class);
    }

    @Override
    public Future<Void> open(NodeCore core) {
        this.core = core;
        MutuaConfig config = core.config();
        members = new MemberService(config, core.tx(), core.hasher(), actors.keyGeneration(), core.clock());
        organisers = new OrganiserService(config, core.tx(), core.hasher(), core.clock());
        logins = new LoginService(config, core.tx(), core.hasher(), core.clock());
        tokens = new ApiTokenService(config, core.tx(), core.secrets().secret("token-signing.key", 32), core.clock());
        bearer = new BearerAuth(tokens);
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> start(NodeParts parts) {
        this.parts = parts;
        pages = new WebPages(core.config(), logins, members, parts.cookies());
        core.vertx().setPeriodic(java.util.concurrent.TimeUnit.MINUTES.toMillis(1), java.util.concurrent.TimeUnit.HOURS.toMillis(1),
            id -> logins.forgetIdleLimits().onFailure(e -> LOG.warn("forgetting idle login limits failed: {}", e.toString())));
        return Future.succeededFuture();
    }

    @Override
    public void mount(Router router) {
        MutuaConfig config = core.config();
        new MemberApi(config, members, organisers, logins, tokens, parts.clients()).mount(router);
        new AdminHostsApi(new HostStates(parts.pool()), bearer).mount(router);
        new AdminInboundApi(new org.mutua.federation.inbox.InboundStates(parts.pool()), bearer).mount(router);
        new DiscoveryRoutes(org.mutua.server.actors.ConfiguredIdentity.of(config), new LocalActorDirectory(actors.service(), actors.uris()),
            new NodeInfoFigures(config, members, actors.uris())).mount(router);
        new MemberPages(config, members, organisers, logins, tokens, pages, parts.clients(), ctx -> homeNotices.latest(ctx),
            (viewer, actorId) -> profileFollow.of(viewer, actorId)).mount(router);
    }

    /** What the neighbourhood's page (the home page) shows of the notices feature. */
    public void showOnHome(MemberPages.HomeNotices notices) {
        this.homeNotices = notices;
    }

    /** The Follow button of a profile, from the follows feature. */
    public void followOnProfile(MemberPages.ProfileFollow follow) {
        this.profileFollow = follow;
    }

    public MemberService service() {
        return members;
    }

    /** What organisers may do to other members' accounts. */
    public OrganiserService organisers() {
        return organisers;
    }

    public LoginService logins() {
        return logins;
    }

    public ApiTokenService tokens() {
        return tokens;
    }

    /** Who a JSON API request is from, by its bearer token. */
    public BearerAuth bearer() {
        return bearer;
    }

    /** Every HTML page is rendered through these; present once the node serves. */
    public WebPages pages() {
        return pages;
    }
}
