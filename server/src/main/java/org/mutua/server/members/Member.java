package org.mutua.server.members;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** A person with an account on this node. Their public face is a {@code LocalActor} of kind person. */
@Entity
@Table(name = "member")
public class Member {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    /** Opaque, URL-safe id used by the JSON API, so internal numbering never shows. */
    @Column(name = "public_id", nullable = false, unique = true, length = 32)
    private String publicId;

    @Column(name = "actor_id", nullable = false, unique = true)
    private Long actorId;

    @Column(nullable = false, unique = true, length = 30)
    private String username;

    @Column(name = "password_hash", nullable = false)
    private String passwordHash;

    @Column(nullable = false, length = 16)
    private String role;

    @Column(nullable = false, length = 16)
    private String status;

    @Column(name = "signup_reason", columnDefinition = "text")
    private String signupReason;

    @Column(nullable = false, length = 64)
    private String languages;

    @Column(name = "ui_language", length = 8)
    private String uiLanguage;

    @Column(name = "time_zone", length = 64)
    private String timeZone;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "approved_at")
    private Instant approvedAt;

    protected Member() {
    }

    Member(String publicId, Long actorId, String username, String passwordHash, MemberRole role, MemberStatus status, String signupReason, Instant now) {
        this.publicId = publicId;
        this.actorId = actorId;
        this.username = username;
        this.passwordHash = passwordHash;
        this.role = role.wire();
        this.status = status.wire();
        this.signupReason = signupReason;
        this.languages = "";
        this.createdAt = now;
        this.approvedAt = status == MemberStatus.ACTIVE ? now : null;
    }

    public Long id() { return id; }
    public String publicId() { return publicId; }
    public Long actorId() { return actorId; }
    public String username() { return username; }
    String passwordHash() { return passwordHash; }
    public MemberRole role() { return MemberRole.fromWire(role); }
    public MemberStatus status() { return MemberStatus.fromWire(status); }
    public String signupReason() { return signupReason; }
    public List<String> languages() { return languages.isEmpty() ? List.of() : Arrays.asList(languages.split(",")); }
    public String uiLanguage() { return uiLanguage; }
    public Instant createdAt() { return createdAt; }
    /** The member's time zone id, or null for the node's. */
    public String timeZone() { return timeZone; }

    void changeTimeZone(String zone) { this.timeZone = zone; }
    void changePassword(String hash) { this.passwordHash = hash; }
    void changeRole(MemberRole r) { this.role = r.wire(); }
    void approve(Instant now) { this.status = MemberStatus.ACTIVE.wire(); this.approvedAt = now; }
    void reject() { this.status = MemberStatus.REJECTED.wire(); }
    void suspend() { this.status = MemberStatus.SUSPENDED.wire(); }
    void restore() { this.status = MemberStatus.ACTIVE.wire(); }
    void setPreferences(List<String> languages, String uiLanguage) {
        this.languages = String.join(",", languages);
        this.uiLanguage = uiLanguage;
    }

    @Override
    public String toString() {
        return "Member[" + username + " " + role + " " + status + "]";
    }
}
