package org.mutua.server.notices;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.hibernate.reactive.mutiny.Mutiny;
import org.mutua.federation.vocab.ObjectTypes;
import org.mutua.server.actors.ActorKind;
import org.mutua.server.actors.LocalActor;
import org.mutua.server.actors.Uris;
import org.mutua.server.database.Transactions;
import org.mutua.server.members.Listing;
import org.mutua.server.members.Member;
import org.mutua.server.problems.Problem;
import org.mutua.server.publishing.Audience;
import org.mutua.server.publishing.Publisher;
import org.mutua.server.publishing.Viewer;
import org.mutua.server.follows.FollowService;
import org.mutua.server.security.RandomTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices, the shared publishing path: stored, and announced with {@code Create(Note)} to the author's accepted
 * followers in the same transaction (FEDERATION.md 3, 5). Local-only notices never enter the delivery queue.
 */
public final class NoticeService {
    private static final Logger LOG = LoggerFactory.getLogger(NoticeService.class);

    private final Transactions tx;
    private final Uris uris;
    private final Publisher publisher;
    private final String neighbourhood;
    private final String defaultLanguage;
    private final Clock clock;
    private final FollowService follows;
    private final NoticeActivities activities;

    public NoticeService(Transactions tx, Uris uris, Publisher publisher, FollowService follows, String neighbourhood,
                         String defaultLanguage, Clock clock) {
        this.tx = tx;
        this.follows = follows;
        this.activities = new NoticeActivities(uris, publisher);
        this.uris = uris;
        this.publisher = publisher;
        this.neighbourhood = neighbourhood;
        this.defaultLanguage = defaultLanguage;
        this.clock = clock;
    }

    /** A notice with its author actor. */
    public record NoticeView(Notice notice, LocalActor author) {
    }

    /** Publishes in the member's language; see {@link #publish(Member, String, String, boolean, String)}. */
    public Future<NoticeView> publish(Member member, String text, String visibility, boolean asNeighbourhood) {
        return publish(member, text, visibility, asNeighbourhood, null);
    }

    /**
     * Publishes a notice as the member, or through the neighbourhood ({@code asNeighbourhood}, coordinators and admins
     * only), tagged with {@code language} when given, else the member's (see {@link #language}). Validation first: 400
     * naming {@code content}, {@code visibility} or {@code language}, 403 naming {@code as}.
     */
    public Future<NoticeView> publish(Member member, String text, String visibility, boolean asNeighbourhood, String language) {
        Audience v;
        String html;
        try {
            v = audience(visibility == null ? "followers" : visibility)
                .orElseThrow(() -> Problem.invalid("visibility", "error.visibility.invalid", "visibility must be followers, public or local"));
            if (asNeighbourhood && !member.role().canCoordinate()) {
                throw new Problem(403, "as", "error.as.forbidden", "only coordinators and admins post through the neighbourhood");
            }
            html = NoticeText.html(text);
            if (language != null && !language.matches("^[a-z]{2,3}$")) {
                throw Problem.invalid("language", "error.language.invalid", "language must be a two- or three-letter code such as en or es");
            }
        } catch (Problem p) {
            return Future.failedFuture(p);
        }
        String tag = language != null ? language : language(member);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String publicId = RandomTokens.urlSafe(12);
        return tx.inTransaction(s -> author(s, member, asNeighbourhood).chain(author -> {
            Notice n = new Notice(publicId, author.id(), member.id(), html, tag, v, uris.object(publicId), now);
            return s.persist(n).chain(() -> publisher.create(s, activities.addressing(n, author), activities.note(n, author), n.createdAt()))
                .map(count -> new NoticeView(n, author));
        })).onSuccess(view -> {
            publisher.committed();
            LOG.info("notice {} by {} ({})", view.notice().uri(), uris.actor(view.author()), v.wire());
        });
    }

    /**
     * The language a member writes in, for the Note's {@code contentMap} key: the first they said they write, else the
     * one their pages are in, else the node's default.
     */
    public String language(Member member) {
        if (!member.languages().isEmpty()) {
            return member.languages().get(0);
        }
        return member.uiLanguage() != null ? member.uiLanguage() : defaultLanguage;
    }

    /**
     * A notice as the JSON API shows it to a logged-in member: public and local notices and the neighbourhood's to
     * every member; a member's followers-only notice to its author only (404 otherwise).
     */
    public Future<NoticeView> read(Member member, String publicId) {
        return tx.read(s -> readable(s, member, publicId));
    }

    /**
     * The one read rule of notices, for the ActivityPub GET, the pages, the JSON API and inbound interactions: public
     * ones to anyone; node-only ones to members only; followers-only ones to the members who may (see
     * {@link #MEMBER_MAY_READ}) and to the author's accepted followers (never pending or former ones). Notices are never
     * published to the other audiences ({@link #AUDIENCES}). Whether it was deleted is the caller's next question (410).
     */
    public Future<Boolean> canRead(Viewer viewer, NoticeView view) {
        LocalActor author = view.author();
        return switch (view.notice().visibility()) {
            case PUBLIC -> Future.succeededFuture(true);
            case LOCAL -> Future.succeededFuture(viewer instanceof Viewer.Local);
            case FOLLOWERS -> {
                if (viewer instanceof Viewer.Local local) {
                    yield memberMayRead(local.member(), view);
                }
                if (viewer instanceof Viewer.Remote remote) {
                    yield follows.isAcceptedFollower(author.id(), remote.actorUri());
                }
                yield Future.succeededFuture(false);
            }
            case NEIGHBOURHOOD, CIRCLE, DIRECT -> Future.succeededFuture(false);
        };
    }

    /**
     * The rule for a member, as a JPQL condition on {@code n} (Notice) and {@code a} (its author), {@code :me} the
     * member's actor: every notice but the followers-only ones of other members she does not follow (accepted, on this
     * node). The only statement of the rule for members: {@link #memberMayRead} runs it for one notice, the lists and
     * {@link #read} embed it; NoticeReadRuleTest checks each surface for every visibility.
     */
    static final String MEMBER_MAY_READ = "(n.visibility <> 'followers' or a.kind = 'group' or n.authorActorId = :me"
        + " or exists (select 1 from Follow f where f.direction = 'local' and f.localActorId = n.authorActorId"
        + " and f.followerActorId = :me and f.state = 'accepted'))";

    /**
     * The rule for a remote actor, as a native SQL condition on {@code n} (the notice table), the actor's IRI bound at
     * {@code actorParameter} (e.g. {@code "?2"}): public notices, and followers-only ones when the actor is an accepted
     * follower of the author; nothing else. {@link #canRead} is the same in Java; one statement keeps a reply's
     * acceptance one round trip, as the inbox benchmark needs (NoticeReadRuleTest checks both).
     */
    static String remoteMayRead(String actorParameter) {
        return "(n.visibility = 'public' or (n.visibility = 'followers' and exists (select 1 from follow f"
            + " join remote_actor r on r.id = f.remote_actor_id where f.local_actor_id = n.author_actor_id"
            + " and f.direction = 'inbound' and f.state = 'accepted' and r.uri = " + actorParameter + ")))";
    }

    private Future<Boolean> memberMayRead(Member member, NoticeView view) {
        return tx.read(s -> s.createSelectionQuery("select count(n) from Notice n, LocalActor a where a.id = n.authorActorId"
                + " and n.id = :id and " + MEMBER_MAY_READ, Long.class)
            .setParameter("id", view.notice().id()).setParameter("me", member.actorId()).getSingleResult().map(n -> n > 0));
    }

    /**
     * Can this member edit or delete it? Its poster can; a neighbourhood notice also any coordinator or admin, since
     * they speak for the neighbourhood together.
     */
    public static boolean canChange(Member member, NoticeView view) {
        return view.notice().postedByMemberId().equals(member.id())
            || (view.author().kind() == ActorKind.GROUP && member.role().canCoordinate());
    }

    /** The notice if this member may read it (404 otherwise, as if it did not exist), 410 once deleted. */
    private static Uni<NoticeView> readable(Mutiny.Session s, Member member, String publicId) {
        return s.createSelectionQuery("select n, a from Notice n, LocalActor a where a.id = n.authorActorId and n.publicId = :p and "
                + MEMBER_MAY_READ, Object[].class)
            .setParameter("p", publicId).setParameter("me", member.actorId()).getSingleResultOrNull()
            .map(r -> readable(r == null ? null : new NoticeView((Notice) r[0], (LocalActor) r[1])));
    }

    private static NoticeView readable(NoticeView view) {
        if (view == null) {
            throw Problem.notFound("error.notFound", "no such notice");
        }
        if (view.notice().deleted()) {
            throw new Problem(410, null, "error.notice.deleted", "this notice was deleted");
        }
        return view;
    }

    /**
     * Edits the text (visibility and author stay) and sends {@code Update(Note)} to its followers and every inbox
     * that received it, in one transaction. 403 when the member may read but not change it.
     */
    public Future<NoticeView> edit(Member member, String publicId, String text) {
        String html;
        try {
            html = NoticeText.html(text);
        } catch (Problem p) {
            return Future.failedFuture(p);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return tx.inTransaction(s -> changeable(s, member, publicId).chain(view -> {
            view.notice().edit(html, now);
            Notice n = view.notice();
            return publisher.update(s, activities.addressing(n, view.author()), activities.note(n, view.author()), n.updatedAt()).replaceWith(view);
        })).onSuccess(view -> {
            publisher.committed();
            LOG.info("notice {} edited", view.notice().uri());
        });
    }

    /**
     * Deletes it: the row stays as a tombstone (410 for its id), and {@code Delete{Tombstone}} goes to its followers
     * and every inbox that received it. Copies on other servers may outlive it; the page says so.
     */
    public Future<Void> delete(Member member, String publicId) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return tx.inTransaction(s -> changeable(s, member, publicId).chain(view -> {
            view.notice().delete(now);
            Notice n = view.notice();
            return publisher.delete(s, activities.addressing(n, view.author()), n.uri(), ObjectTypes.NOTE, n.deletedAt()).replaceWith(view);
        })).onSuccess(view -> {
            publisher.committed();
            LOG.info("notice {} deleted", view.notice().uri());
        }).mapEmpty();
    }

    /**
     * A member replies from the site to a notice she may read ({@link #readable}, the one read rule: 404 otherwise,
     * 410 once deleted); the text is checked as a notice's is (400 naming {@code content}). Shown to everyone who
     * may read the notice, as a public reply from the fediverse is.
     *
     * <p>A local reply stays on this node: it is never delivered nor published as an object. Federating it would need
     * a Note of its own served at its id (with the notice's audience, its own Update and Delete, tombstones), which
     * the publishing path does not have for replies; until it does, keeping it here is the only way it can never reach
     * anyone the notice's audience does not already reach. Its id is a {@code urn:uuid}, which no one can fetch.
     */
    public Future<NoticeReply> reply(Member member, String publicId, String text) {
        String html;
        try {
            html = replyHtml(text);
        } catch (Problem p) {
            return Future.failedFuture(p);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String uri = "urn:uuid:" + java.util.UUID.randomUUID();
        return tx.inTransaction(s -> readable(s, member, publicId)
            .chain(view -> s.find(LocalActor.class, member.actorId()).chain(me -> s.createNativeQuery("""
                    insert into notice_reply (notice_id, uri, actor_uri, content_html, published_at, received_at, updated_at,
                                              addressed_publicly, local_actor_id)
                    values (?1, ?2, ?3, ?4, ?5, ?5, ?5, true, ?6)""")
                .setParameter(1, view.notice().id()).setParameter(2, uri).setParameter(3, uris.actor(me))
                .setParameter(4, html).setParameter(5, now).setParameter(6, me.id()).executeUpdate()))
            .chain(n -> s.createSelectionQuery("from NoticeReply r where r.uri = :u", NoticeReply.class)
                .setParameter("u", uri).getSingleResult()))
            .onSuccess(r -> LOG.info("local reply to notice {}", publicId));
    }

    /** A notice's text rule, with messages that speak of a reply. */
    private static String replyHtml(String text) {
        try {
            return NoticeText.html(text);
        } catch (Problem p) {
            throw "error.content.tooLong".equals(p.code())
                ? Problem.invalid("content", "error.reply.tooLong", "a reply must be at most " + NoticeText.MAX + " characters")
                : Problem.invalid("content", "error.reply.required", "write the reply before sending it");
        }
    }

    private Uni<NoticeView> changeable(Mutiny.Session s, Member member, String publicId) {
        return readable(s, member, publicId)
            .map(view -> {
                if (!canChange(member, view)) {
                    throw Problem.forbidden("error.notice.notYours", "only the member who posted it can change it");
                }
                return view;
            });
    }

    /** An actor's public notices, not deleted, newest first (its outbox; the neighbourhood's public page). */
    public Future<Listing<Notice>> publicNotices(Long authorActorId, int offset, int limit) {
        return tx.read(s -> s.createSelectionQuery("select count(n) from Notice n where n.authorActorId = :a"
                    + " and n.visibility = 'public' and n.deletedAt is null", Long.class)
            .setParameter("a", authorActorId).getSingleResult()
            .chain(total -> s.createSelectionQuery("from Notice n where n.authorActorId = :a and n.visibility = 'public'"
                    + " and n.deletedAt is null order by n.createdAt desc, n.id desc", Notice.class)
                .setParameter("a", authorActorId).setFirstResult(offset).setMaxResults(limit).getResultList()
                .map(items -> new Listing<>(total, items, offset, limit))));
    }

    /** The notice, not deleted, with its author. */
    public Future<Optional<NoticeView>> find(String publicId) {
        return findAny(publicId).map(found -> found.filter(view -> !view.notice().deleted()));
    }

    /** The notice with its author, deleted or not. */
    public Future<Optional<NoticeView>> findAny(String publicId) {
        return tx.read(s -> s.createSelectionQuery("select n, a from Notice n, LocalActor a where a.id = n.authorActorId"
                + " and n.publicId = :p", Object[].class)
            .setParameter("p", publicId).getSingleResultOrNull()
            .map(r -> r == null ? Optional.<NoticeView>empty() : Optional.of(new NoticeView((Notice) r[0], (LocalActor) r[1]))));
    }

    private Uni<LocalActor> author(Mutiny.Session s, Member member, boolean asNeighbourhood) {
        if (!asNeighbourhood) {
            return s.find(LocalActor.class, member.actorId());
        }
        return s.createSelectionQuery("from LocalActor a where a.username = :u and a.kind = 'group'", LocalActor.class)
            .setParameter("u", neighbourhood).getSingleResult();
    }

    /** Notices go to the public, the author's followers, or stay on the node; the neighbourhood's are its Group's. */
    public static final java.util.Set<Audience> AUDIENCES = java.util.EnumSet.of(Audience.PUBLIC, Audience.FOLLOWERS, Audience.LOCAL);

    /** A notice's audience from the word the API and forms use; empty for any other word. */
    public static Optional<Audience> audience(String word) {
        return Audience.parse(word).filter(AUDIENCES::contains);
    }

    /** The outgoing shapes of notices (their Note, Create and Tombstone). */
    public NoticeActivities activities() {
        return activities;
    }

    // ---- listings for the web pages ----

    /** Which of the notices a member may read a list shows: by whom (anyone, themselves, the neighbourhood), and how far each went. */
    public record NoticeFilter(Optional<By> by, Optional<Audience> visibility) {
        public enum By { ME, NEIGHBOURHOOD }

        public static final NoticeFilter ALL = new NoticeFilter(Optional.empty(), Optional.empty());
    }

    /**
     * The notices this member may read (the same rule as {@link #canRead} for a member): their own, the neighbourhood's, and other
     * members' public and node-only ones; deleted ones left out, newest first.
     */
    public Future<Listing<NoticeView>> visibleTo(Member member, int offset, int limit) {
        return visibleTo(member, NoticeFilter.ALL, offset, limit);
    }

    /** The same, narrowed by the filter. */
    public Future<Listing<NoticeView>> visibleTo(Member member, NoticeFilter filter, int offset, int limit) {
        String where = " from Notice n, LocalActor a where a.id = n.authorActorId and n.deletedAt is null"
            + " and " + MEMBER_MAY_READ
            + filter.by().map(b -> b == NoticeFilter.By.ME ? " and n.authorActorId = :me" : " and a.kind = 'group'").orElse("")
            + filter.visibility().map(v -> " and n.visibility = :visibility").orElse("");
        return tx.read(s -> {
            Mutiny.SelectionQuery<Long> count = s.createSelectionQuery("select count(n)" + where, Long.class).setParameter("me", member.actorId());
            Mutiny.SelectionQuery<Object[]> page = s.createSelectionQuery("select n, a" + where + " order by n.createdAt desc, n.id desc", Object[].class)
                .setParameter("me", member.actorId());
            if (filter.visibility().isPresent()) {
                count.setParameter("visibility", filter.visibility().get().wire());
                page.setParameter("visibility", filter.visibility().get().wire());
            }
            return count.getSingleResult().chain(total -> page.setFirstResult(offset).setMaxResults(limit).getResultList()
                .map(rows -> new Listing<>(total, rows.stream().map(r -> new NoticeView((Notice) r[0], (LocalActor) r[1])).toList(),
                    offset, limit)));
        });
    }

    /** The neighbourhood's public notices, newest first, for its page (empty when it has no actor yet). */
    public Future<Listing<NoticeView>> neighbourhoodPublic(int offset, int limit) {
        return tx.read(s -> s.createSelectionQuery("from LocalActor a where a.username = :u and a.kind = 'group'", LocalActor.class)
            .setParameter("u", neighbourhood).getSingleResultOrNull()).compose(hood -> hood == null
                ? Future.succeededFuture(new Listing<>(0, java.util.List.of(), offset, limit))
                : publicNotices(hood.id(), offset, limit).map(l -> new Listing<>(l.total(),
                    l.items().stream().map(n -> new NoticeView(n, hood)).toList(), offset, limit)));
    }
}
