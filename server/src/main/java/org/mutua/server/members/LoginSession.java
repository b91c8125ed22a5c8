package org.mutua.server.members;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A browser login. Only a hash of the cookie's token is stored, so a database leak does not leak sessions. */
@Entity
@Table(name = "login_session")
public class LoginSession {
    @Id
    @Column(name = "token_hash", length = 64)
    private String tokenHash;

    @Column(name = "member_id", nullable = false)
    private Long memberId;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    protected LoginSession() {
    }

    LoginSession(String tokenHash, Long memberId, Instant createdAt, Instant expiresAt) {
        this.tokenHash = tokenHash;
        this.memberId = memberId;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    Long memberId() { return memberId; }
    Instant expiresAt() { return expiresAt; }
}
