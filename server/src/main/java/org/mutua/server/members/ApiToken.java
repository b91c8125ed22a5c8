package org.mutua.server.members;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The revocable record behind a bearer token: a signed JWT is valid only while its jti is here, not revoked and not expired. */
@Entity
@Table(name = "api_token")
public class ApiToken {
    @Id
    @Column(length = 64)
    private String jti;

    @Column(name = "member_id", nullable = false)
    private Long memberId;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    /** What the member sees and revokes by; never the jti, which only the token's holder knows. */
    @Column(name = "public_id", nullable = false, unique = true, length = 32)
    private String publicId;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    protected ApiToken() {
    }

    ApiToken(String jti, String publicId, Long memberId, Instant createdAt, Instant expiresAt) {
        this.jti = jti;
        this.publicId = publicId;
        this.memberId = memberId;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    String jti() { return jti; }
    public String publicId() { return publicId; }
    Long memberId() { return memberId; }
    public Instant createdAt() { return createdAt; }
    public Instant expiresAt() { return expiresAt; }
    boolean expired(Instant now) { return !expiresAt.isAfter(now); }
    boolean revoked() { return revokedAt != null; }
    void revoke(Instant now) { if (revokedAt == null) revokedAt = now; }
}
