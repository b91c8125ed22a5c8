package org.mutua.server.actors;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import java.util.List;
import org.mutua.federation.fetch.KeyResolver;
import org.mutua.federation.fetch.KnownActors;
import org.mutua.federation.fetch.Signer;
import org.mutua.federation.fetch.WebFingerResolver;
import org.mutua.federation.inbox.SignerKeys;
import org.mutua.server.feature.Feature;
import org.mutua.server.feature.NodeCore;
import org.mutua.server.feature.NodeParts;

/**
 * The node's ActivityPub identity: its own actors (members' {@code Person}, the neighbourhood's {@code Group}, the
 * instance {@code Application}) with their keys, the remote actors it knows, every id it builds ({@link Uris}) and
 * the outbox every feature queues deliveries through. Every other feature depends on this one.
 */
public final class Actors implements Feature {
    private NodeCore core;
    private ActorService service;
    private Uris uris;
    private Outbox outbox;
    private RemoteActors remotes;
    private ActorRoutes routes;
    private KeyGeneration keys;
    private RemoteActorStore remoteStore;

    @Override
    public String name() {
        return "actors";
    }

    @Override
    public List<Class<?>> entities() {
        return List.of(LocalActor.class, RemoteActorRecord.class, RemoteActorKey.class);
    }

    @Override
    public Future<Void> open(NodeCore core) {
        this.core = core;
        this.keys = new KeyGeneration(core.vertx());
        this.service = new ActorService(core.config(), core.tx(), keys, core.clock());
        this.uris = new Uris(core.config());
        this.outbox = new Outbox(uris);
        this.remoteStore = new RemoteActorStore(core.tx(), core.config().devAllowHttp(), core.clock());
        return service.ensureNodeActors();
    }

    @Override
    public Future<Void> start(NodeParts parts) {
        remotes = new RemoteActors(parts.fetcher(), new WebFingerResolver(parts.fetcher(), core.config().scheme()), core.tx(),
            remoteStore, core.config().devAllowHttp(), core.clock());
        routes = new ActorRoutes(core.config(), service, uris, parts.authenticator());
        return Future.succeededFuture();
    }

    @Override
    public void mount(Router router) {
        routes.mount(router);
    }

    /** The instance actor's signer, for every signed GET the node makes (authorized fetch). */
    public Future<Signer> instanceSigner() {
        return service.instanceActor().map(instance -> new Signer(uris.keyId(instance), instance.keys().rsaPrivateKey()));
    }

    /** Remote actors' keys for the inbox's signature checks, fetched through the resolver. */
    public SignerKeys signerKeys(KeyResolver keys) {
        return new RemoteSignerKeys(keys);
    }

    /**
     * Where the key resolver puts the actor documents it fetches and finds known actors' keys: the remote actor
     * records (present once the feature is open, before the federation machinery is built).
     */
    public KnownActors knownActors() {
        return remoteStore;
    }

    /** Our own actors' private keys, for the delivery workers. */
    public LocalSigners localSigners() {
        return new LocalSigners(core.tx(), uris);
    }

    public ActorService service() {
        return service;
    }

    /** Key generation on worker threads, for features that create actors (members signing up). */
    public KeyGeneration keyGeneration() {
        return keys;
    }

    public Uris uris() {
        return uris;
    }

    public Outbox outbox() {
        return outbox;
    }

    /** Remote actors; present once the node serves. */
    public RemoteActors remotes() {
        return remotes;
    }

    /** The actor documents' routes, which other features' collections are served through. */
    public ActorRoutes routes() {
        return routes;
    }
}
