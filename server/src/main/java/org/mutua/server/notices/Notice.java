package org.mutua.server.notices;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A notice: a short post by a member, or by the neighbourhood on a coordinator's behalf. */
@Entity
@Table(name = "notice")
public class Notice {
    public enum Visibility {
        FOLLOWERS, PUBLIC, LOCAL;

        public String wire() { return name().toLowerCase(); }

        public static java.util.Optional<Visibility> parse(String s) {
            for (Visibility v : values()) {
                if (v.wire().equals(s)) {
                    return java.util.Optional.of(v);
                }
            }
            return java.util.Optional.empty();
        }
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "public_id", nullable = false, unique = true, length = 32)
    private String publicId;

    @Column(name = "author_actor_id", nullable = false)
    private Long authorActorId;

    @Column(name = "posted_by_member_id", nullable = false)
    private Long postedByMemberId;

    @Column(name = "content_html", nullable = false, columnDefinition = "text")
    private String contentHtml;

    @Column(nullable = false, length = 16)
    private String language;

    @Column(nullable = false, length = 16)
    private String visibility;

    @Column(nullable = false, unique = true, columnDefinition = "text")
    private String uri;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Column(name = "deleted_at")
    private Instant deletedAt;

    protected Notice() {
    }

    Notice(String publicId, Long authorActorId, Long postedByMemberId, String contentHtml, String language, Visibility visibility,
           String uri, Instant now) {
        this.publicId = publicId;
        this.authorActorId = authorActorId;
        this.postedByMemberId = postedByMemberId;
        this.contentHtml = contentHtml;
        this.language = language;
        this.visibility = visibility.wire();
        this.uri = uri;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /** A new text; the id and audience stay. */
    void edit(String html, Instant now) {
        this.contentHtml = html;
        this.updatedAt = now;
    }

    /** Deleted: the row stays as the tombstone of its id (never reused), its text goes. */
    void delete(Instant now) {
        this.contentHtml = "";
        this.updatedAt = now;
        this.deletedAt = now;
    }

    public boolean deleted() { return deletedAt != null; }

    public Long id() { return id; }
    public String publicId() { return publicId; }
    public Long authorActorId() { return authorActorId; }
    public Long postedByMemberId() { return postedByMemberId; }
    public String contentHtml() { return contentHtml; }
    public String language() { return language; }
    public Visibility visibility() { return Visibility.parse(visibility).orElseThrow(); }
    public String uri() { return uri; }
    public Instant createdAt() { return createdAt; }
    public Instant updatedAt() { return updatedAt; }
    public Instant deletedAt() { return deletedAt; }
}
