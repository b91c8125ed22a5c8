package org.mutua.server.members;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A single-use invite link a coordinator hands to a neighbour (registration mode invite). */
@Entity
@Table(name = "invite")
public class Invite {
    @Id
    @Column(length = 64)
    private String code;

    @Column(name = "created_by", nullable = false)
    private Long createdBy;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    @Column(name = "used_by")
    private Long usedBy;

    @Column(name = "used_at")
    private Instant usedAt;

    protected Invite() {
    }

    Invite(String code, Long createdBy, Instant createdAt, Instant expiresAt) {
        this.code = code;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    String code() { return code; }
    boolean usableAt(Instant now) { return usedBy == null && now.isBefore(expiresAt); }
    void useBy(Long memberId, Instant now) { this.usedBy = memberId; this.usedAt = now; }
}
