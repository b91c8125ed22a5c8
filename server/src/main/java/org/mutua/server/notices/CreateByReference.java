package org.mutua.server.notices;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import org.mutua.federation.fetch.FetchException;
import org.mutua.federation.fetch.RemoteFetcher;
import org.mutua.federation.fetch.RemoteUrls;
import org.mutua.federation.inbox.ActivityChecks;
import org.mutua.federation.inbox.Hosts;
import org.mutua.federation.inbox.InboundActivity;
import org.mutua.federation.inbox.InboxOutcome;
import org.mutua.federation.inbox.InboxRefusal;
import org.mutua.federation.vocab.Ids;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code Create} whose object is only an IRI (some servers send replies that way): the object is fetched, signed as
 * the instance actor and through the fetch guards, and the activity goes on as if it had embedded it, as Mastodon's
 * create.rb does ({@code fetch_resource} of a bare object). It is taken only from its author's own host: an IRI on
 * another host is refused without a fetch, and so is a document whose {@code id} is not that IRI or whose
 * {@code attributedTo} is not the actor; the document then passes the same checks as an embedded object
 * ({@link ActivityChecks}). A temporary fetch failure fails the activity with its {@link FetchException}, so the job
 * can be tried again; a document that will never do (gone, not ActivityPub, another id) is refused.
 */
final class CreateByReference {
    private static final Logger LOG = LoggerFactory.getLogger(CreateByReference.class);

    private final RemoteFetcher fetcher;
    private final boolean allowHttp;
    private final ActivityChecks checks;

    CreateByReference(RemoteFetcher fetcher, boolean allowHttp) {
        this.fetcher = fetcher;
        this.allowHttp = allowHttp;
        this.checks = new ActivityChecks(allowHttp);
    }

    /** The activity with its object fetched and embedded; REFUSED (as an outcome) when it may not be taken. */
    Future<Embedded> embed(InboundActivity activity) {
        String iri = activity.objectId();
        URI url;
        try {
            url = RemoteUrls.parse(iri, allowHttp);
        } catch (FetchException e) {
            return refused(activity, "object is not an https IRI");
        }
        if (!Hosts.of(iri, allowHttp).equals(Hosts.of(activity.actor(), allowHttp))) {
            return refused(activity, "object is not on the actor's host");
        }
        return fetcher.fetch(url)
            // A failure another attempt cannot mend ends the job (REFUSED); a temporary one fails it, and the inbound
            // worker tries again later (FetchException.temporary is the one rule for both).
            .recover(err -> err instanceof FetchException f && !f.temporary()
                ? Future.succeededFuture(null) : Future.failedFuture(err))
            .compose(doc -> {
                if (doc == null) {
                    return refused(activity, "object could not be used");
                }
                JsonObject object = doc.json();
                if (!url.equals(idOf(object))) {
                    return refused(activity, "fetched object has another id");
                }
                if (!activity.actor().equals(Ids.ofSingle(object.getValue("attributedTo")))) {
                    return refused(activity, "fetched object is not attributed to the actor");
                }
                JsonObject embedded = activity.activity().copy().put("object", object);
                try {
                    InboundActivity checked = checks.check(embedded, activity.inbox());
                    return Future.succeededFuture(new Embedded(checked, InboxOutcome.APPLIED));
                } catch (InboxRefusal e) {
                    return refused(activity, e.getMessage());
                }
            });
    }

    /** The activity with its object embedded, or, when {@code outcome} is REFUSED, the activity as it came. */
    record Embedded(InboundActivity activity, InboxOutcome outcome) {
        boolean refused() {
            return outcome == InboxOutcome.REFUSED;
        }
    }

    private URI idOf(JsonObject object) {
        try {
            return RemoteUrls.parse(Ids.of(object), allowHttp);
        } catch (FetchException e) {
            return null;
        }
    }

    private static Future<Embedded> refused(InboundActivity activity, String why) {
        LOG.info("inbound {} {}: refused, {}", activity.type(), activity.id(), why);
        return Future.succeededFuture(new Embedded(activity, InboxOutcome.REFUSED));
    }
}
