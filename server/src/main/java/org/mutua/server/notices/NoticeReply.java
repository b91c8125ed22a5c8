package org.mutua.server.notices;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A reply to a notice, from the fediverse or from a member on this site, as stored (sanitised HTML); written by {@link NoticeInteractions} in SQL. */
@Entity
@Table(name = "notice_reply")
public class NoticeReply {
    @Id
    private Long id;

    @Column(name = "notice_id", nullable = false)
    private Long noticeId;

    @Column(nullable = false, unique = true, columnDefinition = "text")
    private String uri;

    @Column(name = "actor_uri", nullable = false, columnDefinition = "text")
    private String actorUri;

    @Column(name = "content_html", nullable = false, columnDefinition = "text")
    private String contentHtml;

    @Column(name = "published_at")
    private Instant publishedAt;

    @Column(name = "received_at", nullable = false)
    private Instant receivedAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Column(name = "addressed_publicly", nullable = false)
    private boolean addressedPublicly;

    @Column(name = "deleted_at")
    private Instant deletedAt;

    /** Where its author's server shows it to people; for display only, never identity (FEDERATION.md 6 row 26). */
    @Column(columnDefinition = "text")
    private String url;

    /** The member's actor when she wrote it on this site; null for a reply from the fediverse. */
    @Column(name = "local_actor_id")
    private Long localActorId;

    protected NoticeReply() {
    }

    public Long id() { return id; }
    public Long noticeId() { return noticeId; }
    public String uri() { return uri; }
    public String actorUri() { return actorUri; }
    public String contentHtml() { return contentHtml; }
    public Instant publishedAt() { return publishedAt; }
    public Instant receivedAt() { return receivedAt; }
    public Instant updatedAt() { return updatedAt; }
    public boolean addressedPublicly() { return addressedPublicly; }
    public String url() { return url; }
    public Long localActorId() { return localActorId; }
    public boolean local() { return localActorId != null; }
    public boolean edited() { return publishedAt != null && updatedAt.isAfter(publishedAt); }
}
