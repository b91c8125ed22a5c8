package org.mutua.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;
import org.mutua.config.MutuaConfig;
import org.mutua.federation.delivery.AddressPolicy;
import org.mutua.federation.delivery.DeliveryOptions;
import org.mutua.federation.delivery.DeliveryWorker;
import org.mutua.federation.fetch.AddressGuard;
import org.mutua.federation.fetch.FetchLimits;
import org.mutua.federation.fetch.KeyResolver;
import org.mutua.federation.fetch.RemoteFetcher;
import org.mutua.federation.inbox.DomainBlocks;
import org.mutua.federation.inbox.DomainRateLimit;
import org.mutua.federation.inbox.InboundLog;
import org.mutua.federation.inbox.InboundSchedule;
import org.mutua.federation.inbox.InboundWorker;
import org.mutua.federation.inbox.InboxHandlers;
import org.mutua.federation.inbox.InboxRoute;
import org.mutua.federation.inbox.RequestAuthenticator;
import org.mutua.federation.jsonld.BundledContexts;
import org.mutua.federation.jsonld.JsonLd;
import org.mutua.server.actors.ActorService;
import org.mutua.server.actors.Actors;
import org.mutua.server.database.DatabaseHandle;
import org.mutua.server.database.Migrations;
import org.mutua.server.database.Persistence;
import org.mutua.server.database.SqlPool;
import org.mutua.server.database.Transactions;
import org.mutua.server.feature.Feature;
import org.mutua.server.feature.NodeCore;
import org.mutua.server.feature.NodeParts;
import org.mutua.server.http.ApiDescription;
import org.mutua.server.http.ClientKey;
import org.mutua.server.http.Cookies;
import org.mutua.server.http.CsrfProtection;
import org.mutua.server.http.ErrorResponses;
import org.mutua.server.http.Health;
import org.mutua.server.http.PrivateCaching;
import org.mutua.server.http.SecurityHeaders;
import org.mutua.server.members.ApiTokenService;
import org.mutua.server.members.LoginService;
import org.mutua.server.members.MemberService;
import org.mutua.server.members.Members;
import org.mutua.server.problems.Problem;
import org.mutua.server.security.PasswordHasher;
import org.mutua.server.security.SecretStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the shared infrastructure of one node (Vert.x, the database, the federation machinery, the router) and
 * hands it to each feature of {@link Features#all()} in turn; it knows no feature's insides.
 */
public final class Node implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Node.class);

    private final MutuaConfig config;
    private final Vertx vertx;
    private final DatabaseHandle database;
    private final Mutiny.SessionFactory sessionFactory;
    private final List<Feature> features;
    private final NodeCore core;
    private final InboundSchedule inboundSchedule;
    private final List<HttpServer> http = new java.util.concurrent.CopyOnWriteArrayList<>();
    private Federation federation;
    private Router router;

    /** The services of a node that the admin command line and tests use. */
    public record Services(MemberService members, LoginService logins, ApiTokenService tokens, ActorService actors) {
    }

    /** The federation machinery, built when the node serves (the admin command line needs none of it). */
    private record Federation(Pool pool, RemoteFetcher fetcher, InboxRoute inbox, InboundWorker inboundWorker, DeliveryWorker deliveryWorker) {
    }

    private Node(MutuaConfig config, Vertx vertx, DatabaseHandle database, Mutiny.SessionFactory sessionFactory,
                 List<Feature> features, NodeCore core, InboundSchedule inboundSchedule) {
        this.inboundSchedule = inboundSchedule;
        this.config = config;
        this.vertx = vertx;
        this.database = database;
        this.sessionFactory = sessionFactory;
        this.features = features;
        this.core = core;
    }

    /**
     * Opens the database (blocking, on the calling thread: start-up only), runs every feature's migrations, and opens
     * each feature (its services; the node's own actors are made sure of). The HTTP server is not started; see
     * {@link #serve()}.
     */
    public static Node open(MutuaConfig config, DatabaseHandle database) {
        return open(config, database, Clock.systemUTC(), InboundSchedule.defaults());
    }

    /**
     * With the clock every part reads (the fetch budget's window, signatures' times, ...) and the inbound retry
     * schedule: tests move the one and shorten the other instead of waiting minutes.
     */
    public static Node open(MutuaConfig config, DatabaseHandle database, Clock clock, InboundSchedule inboundSchedule) {
        List<Feature> features = Features.all();
        Migrations.migrate(database.settings(), features.stream().map(Feature::name).toList());
        // Loads the native RSA library (and logs which provider signs) now, on this thread, not on the first event
        // loop that signs or verifies.
        org.mutua.federation.signatures.RsaProvider.isNative();
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(false));
        List<Class<?>> entities = features.stream().flatMap(f -> f.entities().stream()).toList();
        Mutiny.SessionFactory factory = Persistence.sessionFactory(vertx, database.settings(), entities);
        NodeCore core = new NodeCore(config, vertx, new Transactions(factory), clock, new PasswordHasher(vertx),
            new SecretStore(config.secretsDir()));
        Node node = new Node(config, vertx, database, factory, features, core, inboundSchedule);
        try {
            for (Feature f : features) {
                await(f.open(core));
            }
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
        return node;
    }

    /** One feature, by its class. */
    public <F extends Feature> F feature(Class<F> type) {
        return features.stream().filter(type::isInstance).map(type::cast).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no feature " + type.getSimpleName()));
    }

    public Services services() {
        Members members = feature(Members.class);
        return new Services(members.service(), members.logins(), members.tokens(), feature(Actors.class).service());
    }

    public Vertx vertx() {
        return vertx;
    }

    /** The routes the node serves, as "METHOD /path" with Vert.x's {@code :param} placeholders; empty until it serves. */
    public List<String> routes() {
        if (router == null) {
            return List.of();
        }
        List<String> all = new java.util.ArrayList<>();
        for (io.vertx.ext.web.Route r : router.getRoutes()) {
            if (r.getPath() != null && r.methods() != null) {
                r.methods().forEach(m -> all.add(m.name() + " " + r.getPath()));
            }
        }
        return all;
    }

    /** Starts every feature, mounts their routes and starts listening; answers the bound port. */
    public int serve() {
        ClientKey clients = new ClientKey(HexFormat.of().formatHex(core.secrets().secret("client-key.salt", 16)), config.trustedProxies());
        Cookies cookies = new Cookies(config.secure());
        InboxHandlers handlers = new InboxHandlers(feature(Actors.class).uris()::isOurs);
        Router router = Router.router(vertx);
        this.router = router;
        federation = federation(clients, cookies, handlers);
        // No router.allowForward: Vert.x would believe X-Forwarded-For from anyone. ClientKey reads it only from the
        // trusted proxies.
        ErrorResponses errors = new ErrorResponses(config.maxBodyBytes());
        errors.useHtmlPage(feature(Members.class).pages());
        // Loads every feature's messages now: finding the bundles lists the jar, file I/O that must not fall to the
        // event loop that renders the first page.
        org.mutua.web.Messages.forLanguage(config.defaultLanguage());
        router.route().handler(new SecurityHeaders(config.secure()));
        router.route().handler(new PrivateCaching());
        router.route().handler(BodyHandler.create(false).setBodyLimit(config.maxBodyBytes()));
        router.route().handler(new CsrfProtection(cookies));
        router.route("/static/*").handler(StaticHandler.create("org/mutua/web/static").setMaxAgeSeconds(3600));
        new Health(sessionFactory).mount(router);
        new ApiDescription(features.stream().map(Feature::name).toList()).mount(router);
        for (String path : new String[] {"/inbox", "/actor/inbox", "/u/:name/inbox", "/g/:name/inbox"}) {
            router.post(path).handler(federation.inbox());
        }
        for (Feature f : features) {
            f.mount(router);
        }
        router.route().last().handler(ctx -> errors.send(ctx, Problem.notFound("error.notFound", "there is nothing at this address")));
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

    /**
     * The federation machinery every feature shares, built before the features start: the pool, signed fetches with
     * the instance actor's key, the inbox (mounted on every inbox path before any feature's routes), and the
     * delivery workers, woken by the outbox after each commit that queued rows.
     */
    private Federation federation(ClientKey clients, Cookies cookies, InboxHandlers handlers) {
        Clock clock = core.clock();
        Actors actors = feature(Actors.class);
        Pool pool = SqlPool.create(vertx, database.settings(), 8);
        AddressGuard guard = new AddressGuard(vertx, config.devAllowHttp(), config.devAllowPrivateAddresses());
        RemoteFetcher fetcher = new RemoteFetcher(vertx, guard,
            FetchLimits.defaults().withFetchesPerDomainPerMinute(config.fetchMaxPerDomainPerMinute()), await(actors.instanceSigner()), clock);
        KeyResolver keys = new KeyResolver(fetcher, clock, actors.knownActors());
        RequestAuthenticator authenticator = new RequestAuthenticator(config.baseUrl(), config.devAllowHttp(),
            actors.signerKeys(keys), DomainBlocks.NONE, clock);
        NodeParts parts = new NodeParts(core, pool, fetcher, keys, guard, authenticator, clients, cookies);
        for (Feature f : features) {
            await(f.start(parts));
        }
        // Every listener is registered before the inbound worker takes its first job.
        for (Feature f : features) {
            f.listen(handlers);
        }
        InboundLog log = new InboundLog(pool, inboundSchedule, InboundLog.DEFAULT_MAX_UNCOMMITTED);
        InboundWorker inboundWorker = new InboundWorker(vertx, log, handlers, new JsonLd(new BundledContexts()));
        InboxRoute inbox = new InboxRoute(authenticator, config.devAllowHttp(), DomainBlocks.NONE,
            new DomainRateLimit(config.inboxMaxPerDomainPerMinute(), clock), log, inboundWorker::arrived);
        DeliveryWorker deliveryWorker = await(DeliveryWorker.start(vertx, pool, actors.localSigners(),
            AddressPolicy.guardedBy(guard),
            new DeliveryOptions().workers(config.deliveryWorkers()).perHostConcurrency(config.deliveryPerHostConcurrency())));
        actors.outbox().onQueued(deliveryWorker::wakeUp);
        inboundWorker.start();
        return new Federation(pool, fetcher, inbox, inboundWorker, deliveryWorker);
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

    /**
     * An HTTP server created on a fresh event-loop context, so that its connections are served on that loop. It speaks
     * HTTP/1.1 only on its plain port: a node sits behind a TLS proxy that talks HTTP/1.1 to it, and the cleartext
     * HTTP/2 upgrade (h2c), which Java's HttpClient asks for by default, once sent an answer's body where HTTP/2 frames
     * were due (a fresh-clone test run, 2026-12-08: "Frame type(110) length(7172207)", the bytes of "components").
     */
    private Future<HttpServer> listenOnOwnEventLoop(Router router, int port) {
        io.vertx.core.Promise<HttpServer> listening = io.vertx.core.Promise.promise();
        ((io.vertx.core.impl.VertxInternal) vertx).createEventLoopContext().runOnContext(v ->
            vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(true).setMaxFormAttributeSize(64 * 1024)
                .setHttp2ClearTextEnabled(false))
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
