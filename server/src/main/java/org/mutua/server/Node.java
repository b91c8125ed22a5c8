package org.mutua.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.AllowForwardHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;
import org.mutua.config.MutuaConfig;
import org.mutua.federation.discovery.DiscoveryRoutes;
import io.vertx.sqlclient.Pool;
import org.mutua.federation.delivery.DeliveryOptions;
import org.mutua.federation.delivery.DeliveryWorker;
import org.mutua.federation.fetch.AddressGuard;
import org.mutua.federation.fetch.FetchLimits;
import org.mutua.federation.fetch.KeyResolver;
import org.mutua.federation.fetch.RemoteFetcher;
import org.mutua.federation.fetch.Signer;
import org.mutua.federation.fetch.WebFingerResolver;
import org.mutua.federation.inbox.DomainBlocks;
import org.mutua.federation.inbox.DomainRateLimit;
import org.mutua.federation.inbox.InboundLog;
import org.mutua.federation.inbox.InboundWorker;
import org.mutua.federation.inbox.InboxHandlers;
import org.mutua.federation.inbox.InboxRoute;
import org.mutua.federation.inbox.RequestAuthenticator;
import org.mutua.federation.jsonld.BundledContexts;
import org.mutua.federation.jsonld.JsonLd;
import org.mutua.server.actors.LocalSigners;
import org.mutua.server.actors.Outbox;
import org.mutua.server.actors.RemoteActorRecord;
import org.mutua.server.actors.RemoteActors;
import org.mutua.server.actors.RemoteSignerKeys;
import org.mutua.server.database.SqlPool;
import org.mutua.server.follows.Follow;
import org.mutua.server.follows.FollowApi;
import org.mutua.server.follows.FollowInbox;
import org.mutua.server.follows.FollowPages;
import org.mutua.server.follows.FollowService;
import org.mutua.server.members.BearerAuth;
import org.mutua.server.notices.Notice;
import org.mutua.server.notices.NoticeApi;
import org.mutua.server.notices.NoticeInbox;
import org.mutua.server.notices.NoticeInteractions;
import org.mutua.server.notices.NoticeReply;
import org.mutua.server.notices.NoticePages;
import org.mutua.server.notices.NoticeRoutes;
import org.mutua.server.notices.NoticeService;
import org.mutua.server.publishing.Publisher;
import org.mutua.server.actors.ActorRoutes;
import org.mutua.server.actors.ActorService;
import org.mutua.server.actors.ConfiguredIdentity;
import org.mutua.server.actors.LocalActorDirectory;
import org.mutua.server.actors.NodeInfoFigures;
import org.mutua.server.actors.Uris;
import org.mutua.server.actors.KeyGeneration;
import org.mutua.server.actors.LocalActor;
import org.mutua.server.database.DatabaseHandle;
import org.mutua.server.database.Migrations;
import org.mutua.server.database.Persistence;
import org.mutua.server.database.Transactions;
import io.vertx.ext.web.handler.StaticHandler;
import org.mutua.federation.delivery.HostStates;
import org.mutua.server.http.AdminHostsApi;
import org.mutua.server.http.ApiDescription;
import org.mutua.server.http.ClientKey;
import org.mutua.server.http.Cookies;
import org.mutua.server.http.CsrfProtection;
import org.mutua.server.http.WebPages;
import org.mutua.server.members.MemberPages;
import org.mutua.server.http.ErrorResponses;
import org.mutua.server.http.Health;
import org.mutua.server.http.SecurityHeaders;
import org.mutua.server.members.ApiToken;
import org.mutua.server.members.ApiTokenService;
import org.mutua.server.members.Invite;
import org.mutua.server.members.LoginFailure;
import org.mutua.server.members.LoginService;
import org.mutua.server.members.LoginSession;
import org.mutua.server.members.Member;
import org.mutua.server.members.MemberApi;
import org.mutua.server.members.MemberService;
import org.mutua.server.security.PasswordHasher;
import org.mutua.server.security.SecretStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires Vert.x, the database, the services and the router of one node; nothing else. */
public final class Node implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Node.class);
    static final List<Class<?>> ENTITIES = List.of(LocalActor.class, Member.class, LoginSession.class, ApiToken.class, Invite.class,
        LoginFailure.class, RemoteActorRecord.class, Follow.class, Notice.class, NoticeReply.class);

    private final MutuaConfig config;
    private final Vertx vertx;
    private final DatabaseHandle database;
    private final Mutiny.SessionFactory sessionFactory;
    private final Services services;
    private final List<HttpServer> http = new java.util.concurrent.CopyOnWriteArrayList<>();
    private Federation federation;

    /** The services of a node, for the HTTP surface and the admin command line alike. */
    public record Services(MemberService members, LoginService logins, ApiTokenService tokens, ActorService actors) {
    }

    /** The federation machinery, built when the node serves (the admin command line needs none of it). */
    private record Federation(Pool pool, RemoteFetcher fetcher, InboxRoute inbox, InboundWorker inboundWorker,
                              DeliveryWorker deliveryWorker, FollowService follows, NoticeService notices, NoticeInteractions interactions, RemoteActors remotes, Uris uris,
                              RequestAuthenticator authenticator) {
    }

    private Node(MutuaConfig config, Vertx vertx, DatabaseHandle database, Mutiny.SessionFactory sessionFactory, Services services) {
        this.config = config;
        this.vertx = vertx;
        this.database = database;
        this.sessionFactory = sessionFactory;
        this.services = services;
    }

    /**
     * Opens the database (blocking, on the calling thread: start-up only), runs migrations, builds the services and
     * makes sure the node's own actors exist. The HTTP server is not started; see {@link #serve()}.
     */
    public static Node open(MutuaConfig config, DatabaseHandle database) {
        Migrations.migrate(database.settings());
        // Loads the native RSA library (and logs which provider signs) now, on this thread, not on the first event
        // loop that signs or verifies.
        org.mutua.federation.signatures.RsaProvider.isNative();
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(false));
        Mutiny.SessionFactory factory = Persistence.sessionFactory(vertx, database.settings(), ENTITIES);
        Transactions tx = new Transactions(factory);
        Clock clock = Clock.systemUTC();
        PasswordHasher hasher = new PasswordHasher(vertx);
        KeyGeneration keys = new KeyGeneration(vertx);
        SecretStore secrets = new SecretStore(config.secretsDir());
        Services services = new Services(
            new MemberService(config, tx, hasher, keys, clock),
            new LoginService(config, tx, hasher, clock),
            new ApiTokenService(config, tx, secrets.secret("token-signing.key", 32), clock),
            new ActorService(config, tx, keys, clock));
        Node node = new Node(config, vertx, database, factory, services);
        try {
            await(services.actors().ensureNodeActors());
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
        return node;
    }

    public Services services() {
        return services;
    }

    public Vertx vertx() {
        return vertx;
    }

    /** Starts listening; answers the bound port. */
    public int serve() {
        SecretStore secrets = new SecretStore(config.secretsDir());
        ClientKey clients = new ClientKey(HexFormat.of().formatHex(secrets.secret("client-key.salt", 16)));
        federation = federation(clients);
        Router router = Router.router(vertx);
        if (config.trustProxy()) {
            router.allowForward(AllowForwardHeaders.X_FORWARD);
        }
        ErrorResponses errors = new ErrorResponses(config.maxBodyBytes());
        router.route().handler(new SecurityHeaders());
        router.route().handler(BodyHandler.create(false).setBodyLimit(config.maxBodyBytes()));
        Cookies cookies = new Cookies(config.secure());
        router.route().handler(new CsrfProtection(cookies));
        router.route("/static/*").handler(StaticHandler.create("org/mutua/web/static").setMaxAgeSeconds(3600));
        WebPages pages = new WebPages(config, services.logins(), services.members(), cookies);
        errors.useHtmlPage(pages);
        new Health(sessionFactory).mount(router);
        new ApiDescription().mount(router);
        new MemberApi(config, services.members(), services.logins(), services.tokens(), clients).mount(router);
        Uris uris = federation.uris();
        for (String inbox : new String[] {"/inbox", "/actor/inbox", "/u/:name/inbox", "/g/:name/inbox"}) {
            router.post(inbox).handler(federation.inbox());
        }
        new FollowApi(config, federation.follows(), services.actors(), new BearerAuth(services.tokens()), uris).mount(router);
        new NoticeApi(federation.notices(), federation.interactions(), new BearerAuth(services.tokens()), uris).mount(router);
        new NoticeRoutes(config, federation.notices(), federation.follows(), services.actors(), uris, federation.authenticator()).mount(router);
        NoticePages noticePages = new NoticePages(config, federation.notices(), federation.interactions(), pages);
        noticePages.mount(router);
        new AdminHostsApi(new HostStates(federation.pool()), new BearerAuth(services.tokens())).mount(router);
        new FollowPages(config, federation.follows(), federation.remotes(), services.actors(), pages).mount(router);
        new DiscoveryRoutes(ConfiguredIdentity.of(config), new LocalActorDirectory(services.actors(), uris), new NodeInfoFigures(config, services.members(), uris)).mount(router);
        new ActorRoutes(config, services.actors(), uris, federation.authenticator(), federation.follows()).mount(router);
        new MemberPages(config, services.members(), services.logins(), pages, clients, noticePages::neighbourhoodNotices).mount(router);
        router.route().last().handler(ctx -> errors.send(ctx, org.mutua.server.problems.Problem.notFound("error.notFound", "there is nothing at this address")));
        router.route().failureHandler(errors);
        // One server per core, each on its own event loop, sharing the port (Vert.x hands connections out in turn):
        // a single server ran every request on one thread, which capped the inbox at one core (docs/benchmarks.md).
        // The first one binds (port 0 picks a free port, for tests), the others join it on the port it got.
        int loops = Math.max(1, Runtime.getRuntime().availableProcessors());
        int port = config.httpPort();
        for (int i = 0; i < loops; i++) {
            HttpServer server = await(listenOnOwnEventLoop(router, port));
            if (i == 0) {
                port = server.actualPort();
            }
            http.add(server);
        }
        LOG.info("ready: Mutua listening on {}:{} on {} event loops, public at {}", config.httpHost(), port, loops, config.baseUrl());
        return port;
    }

    private Federation federation(ClientKey clients) {
        Clock clock = Clock.systemUTC();
        Uris uris = new Uris(config);
        Transactions tx = new Transactions(sessionFactory);
        Pool pool = SqlPool.create(vertx, database.settings(), 8);
        LocalActor instance = await(services.actors().instanceActor());
        AddressGuard guard = new AddressGuard(vertx, config.devAllowHttp(), config.devAllowPrivateAddresses());
        RemoteFetcher fetcher = new RemoteFetcher(vertx, guard, FetchLimits.defaults(), new Signer(uris.keyId(instance), instance.keys().rsaPrivateKey()), clock);
        KeyResolver keys = new KeyResolver(fetcher, clock);
        RemoteActors remotes = new RemoteActors(fetcher, new WebFingerResolver(fetcher, config.scheme()), tx, config.devAllowHttp(), clock);
        Outbox outbox = new Outbox(uris);
        FollowService follows = new FollowService(tx, uris, outbox, remotes, config.neighbourhoodUsername(), clock);
        NoticeService notices = new NoticeService(tx, uris, new Publisher(uris, outbox), config.neighbourhoodUsername(), config.defaultLanguage(), clock);
        InboxHandlers handlers = new InboxHandlers();
        FollowInbox.register(handlers, follows);
        NoticeInteractions interactions = new NoticeInteractions(tx, config.devAllowHttp(), clock);
        NoticeInbox.register(handlers, interactions);
        InboundLog log = new InboundLog(pool);
        InboundWorker inboundWorker = new InboundWorker(vertx, log, handlers, new JsonLd(new BundledContexts()));
        RequestAuthenticator authenticator = new RequestAuthenticator(config.baseUrl(), config.devAllowHttp(), new RemoteSignerKeys(keys), DomainBlocks.NONE, clock);
        InboxRoute inbox = new InboxRoute(authenticator, config.devAllowHttp(), DomainBlocks.NONE,
            new DomainRateLimit(config.inboxMaxPerDomainPerMinute(), clock), log, inboundWorker::arrived);
        DeliveryWorker deliveryWorker = await(DeliveryWorker.start(vertx, pool, new LocalSigners(tx, uris),
            target -> guard.check(target).map(t -> true).otherwise(false),
            new DeliveryOptions().workers(config.deliveryWorkers()).perHostConcurrency(config.deliveryPerHostConcurrency())));
        outbox.onQueued(deliveryWorker::wakeUp);
        inboundWorker.start();
        return new Federation(pool, fetcher, inbox, inboundWorker, deliveryWorker, follows, notices, interactions, remotes, uris, authenticator);
    }

    static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** An HTTP server created on a fresh event-loop context, so that its connections are served on that loop. */
    private Future<HttpServer> listenOnOwnEventLoop(io.vertx.ext.web.Router router, int port) {
        io.vertx.core.Promise<HttpServer> listening = io.vertx.core.Promise.promise();
        ((io.vertx.core.impl.VertxInternal) vertx).createEventLoopContext().runOnContext(v ->
            vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(true).setMaxFormAttributeSize(64 * 1024))
                .requestHandler(router).listen(port, config.httpHost()).onComplete(listening));
        return listening.future();
    }

    @Override
    public void close() {
        for (HttpServer server : http) {
            await(server.close());
        }
        if (federation != null) {
            federation.inboundWorker().stop();
            await(federation.deliveryWorker().stop());
            federation.fetcher().close();
            await(federation.pool().close());
        }
        sessionFactory.close();
        await(vertx.close());
        database.close();
        LOG.info("stopped");
    }
}
