package org.mutua.server.notices;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.hibernate.reactive.mutiny.Mutiny;
import org.mutua.federation.jsonld.MutuaContext;
import org.mutua.server.actors.ActorKind;
import org.mutua.server.actors.LocalActor;
import org.mutua.server.actors.Outbox;
import org.mutua.server.follows.FollowService;
import org.mutua.server.actors.RemoteActorRecord;
import org.mutua.server.actors.Uris;
import org.mutua.server.database.Transactions;
import org.mutua.server.members.Member;
import org.mutua.server.problems.Problem;
import org.mutua.server.security.RandomTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices, the shared publishing path: stored, and announced with {@code Create(Note)} to the author's accepted
 * followers in the same transaction (FEDERATION.md 3, 5). Local-only notices never enter the delivery queue.
 */
public final class NoticeService {
    private static final Logger LOG = LoggerFactory.getLogger(NoticeService.class);
    static final String AS = "https://www.w3.org/ns/activitystreams";
    static final String PUBLIC = AS + "#Public";

    private final Transactions tx;
    private final Uris uris;
    private final Outbox outbox;
    private final String neighbourhood;
    private final String defaultLanguage;
    private final Clock clock;

    public NoticeService(Transactions tx, Uris uris, Outbox outbox, String neighbourhood, String defaultLanguage, Clock clock) {
        this.tx = tx;
        this.uris = uris;
        this.outbox = outbox;
        this.neighbourhood = neighbourhood;
        this.defaultLanguage = defaultLanguage;
        this.clock = clock;
    }

    /** A notice with its author actor. */
    public record NoticeView(Notice notice, LocalActor author) {
    }

    /**
     * Publishes a notice as the member, or through the neighbourhood ({@code asNeighbourhood}, coordinators and admins
     * only). Validation first: 400 naming {@code content} or {@code visibility}, 403 naming {@code as}.
     */
    public Future<NoticeView> publish(Member member, String text, String visibility, boolean asNeighbourhood) {
        Notice.Visibility v;
        String html;
        try {
            v = Notice.Visibility.parse(visibility == null ? "followers" : visibility)
                .orElseThrow(() -> Problem.invalid("visibility", "error.visibility.invalid", "visibility must be followers, public or local"));
            if (asNeighbourhood && !member.role().canCoordinate()) {
                throw new Problem(403, "as", "error.as.forbidden", "only coordinators and admins post through the neighbourhood");
            }
            html = NoticeText.html(text);
        } catch (Problem p) {
            return Future.failedFuture(p);
        }
        String language = member.languages().isEmpty() ? defaultLanguage : member.languages().get(0);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String publicId = RandomTokens.urlSafe(12);
        return tx.inTransaction(s -> author(s, member, asNeighbourhood).chain(author -> {
            Notice n = new Notice(publicId, author.id(), member.id(), html, language, v, uris.base() + "/o/" + publicId, now);
            Uni<Integer> queued = s.persist(n).chain(() -> v == Notice.Visibility.LOCAL ? Uni.createFrom().item(0)
                : FollowService.acceptedFollowerInboxes(s, author).chain(recipients -> outbox.enqueue(s, author, create(n, author), n.uri(), recipients)));
            return queued.map(count -> new NoticeView(n, author));
        })).onSuccess(view -> {
            outbox.queued();
            LOG.info("notice {} by {} ({})", view.notice().uri(), uris.actor(view.author()), v.wire());
        });
    }

    /**
     * A notice as the JSON API shows it to a logged-in member: public and local notices and the neighbourhood's to
     * every member; a member's followers-only notice to its author only (404 otherwise).
     */
    public Future<NoticeView> read(Member member, String publicId) {
        return find(publicId).map(found -> found.filter(view -> view.notice().visibility() != Notice.Visibility.FOLLOWERS
                || view.author().kind() == ActorKind.GROUP || view.author().id().equals(member.actorId()))
            .orElseThrow(() -> Problem.notFound("error.notFound", "no such notice")));
    }

    /** The notice, not deleted, with its author. */
    public Future<Optional<NoticeView>> find(String publicId) {
        return tx.read(s -> s.createSelectionQuery("select n, a from Notice n, LocalActor a where a.id = n.authorActorId"
                + " and n.publicId = :p and n.deletedAt is null", Object[].class)
            .setParameter("p", publicId).getSingleResultOrNull()
            .map(r -> r == null ? Optional.<NoticeView>empty() : Optional.of(new NoticeView((Notice) r[0], (LocalActor) r[1]))));
    }

    /** Is this remote actor (by IRI) an accepted follower of that local actor? */
    public Future<Boolean> isAcceptedFollower(Long localActorId, String remoteActorUri) {
        return tx.read(s -> s.createSelectionQuery("select count(f) from Follow f, RemoteActorRecord r where r.id = f.remoteActorId"
                + " and f.localActorId = :l and f.direction = 'inbound' and f.state = 'accepted' and r.uri = :u", Long.class)
            .setParameter("l", localActorId).setParameter("u", remoteActorUri).getSingleResult().map(n -> n > 0));
    }

    private Uni<LocalActor> author(Mutiny.Session s, Member member, boolean asNeighbourhood) {
        if (!asNeighbourhood) {
            return s.find(LocalActor.class, member.actorId());
        }
        return s.createSelectionQuery("from LocalActor a where a.username = :u and a.kind = 'group'", LocalActor.class)
            .setParameter("u", neighbourhood).getSingleResult();
    }

    /** Accepted followers only, never pending (FEDERATION.md 5); Outbox collapses shared inboxes. */
    String followers(LocalActor author) {
        return uris.actor(author) + "/followers";
    }

    private static JsonArray context() {
        return new JsonArray().add(AS).add(new JsonObject().put("ma", MutuaContext.NAMESPACE));
    }

    /** The Note (FEDERATION.md 3): to/cc arrays, contentMap, url = id, ma:kind notice. */
    public JsonObject note(Notice n, LocalActor author) {
        JsonArray to = new JsonArray();
        JsonArray cc = new JsonArray();
        if (n.visibility() == Notice.Visibility.PUBLIC) {
            to.add(PUBLIC);
            cc.add(followers(author));
        } else {
            to.add(followers(author));
        }
        return new JsonObject().put("@context", context()).put("id", n.uri()).put("type", "Note")
            .put("attributedTo", uris.actor(author)).put("url", n.uri()).put("published", n.createdAt().toString())
            .put("to", to).put("cc", cc)
            .put("content", n.contentHtml()).put("contentMap", new JsonObject().put(n.language(), n.contentHtml()))
            .put("ma:kind", "notice");
    }

    private JsonObject create(Notice n, LocalActor author) {
        JsonObject note = note(n, author);
        note.remove("@context");
        return new JsonObject().put("@context", context()).put("id", uris.newActivity()).put("type", "Create")
            .put("actor", uris.actor(author)).put("published", n.createdAt().toString())
            .put("to", note.getJsonArray("to").copy()).put("cc", note.getJsonArray("cc").copy()).put("object", note);
    }
}
