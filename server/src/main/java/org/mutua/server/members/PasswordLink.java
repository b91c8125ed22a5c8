package org.mutua.server.members;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A one-time link an organiser makes so a neighbour without email can set a new password. Only the SHA-256 of the
 * link's token is stored; {@code usedAt} makes it single use.
 */
@Entity
@Table(name = "password_link")
public class PasswordLink {
    @Id
    @Column(name = "token_hash", length = 64)
    private String tokenHash;

    @Column(name = "member_id", nullable = false)
    private Long memberId;

    @Column(name = "created_by", nullable = false)
    private Long createdBy;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    @Column(name = "used_at")
    private Instant usedAt;

    protected PasswordLink() {
    }

    PasswordLink(String tokenHash, Long memberId, Long createdBy, Instant createdAt, Instant expiresAt) {
        this.tokenHash = tokenHash;
        this.memberId = memberId;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    Long memberId() { return memberId; }

    boolean usableAt(Instant now) { return usedAt == null && now.isBefore(expiresAt); }

    @Override
    public String toString() {
        // Never the token hash: it is as good as the link for anyone who can query the table's key.
        return "PasswordLink[member " + memberId + "]";
    }
}
