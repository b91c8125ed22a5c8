package org.mutua.server.members;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.vertx.core.Future;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.mutua.config.MutuaConfig;
import org.mutua.server.database.Transactions;
import org.mutua.server.problems.Problem;
import org.mutua.server.security.RandomTokens;

/**
 * Bearer tokens for the JSON API: HS256 JWTs (Nimbus JOSE JWT) whose {@code jti} must also be a stored, unrevoked
 * {@link ApiToken}; the signature spares a database look-up for forged tokens, the row makes them revocable and
 * expiring (api.token-lifetime-days). Members see their tokens by a separate public id, never by the jti or the token.
 */
public final class ApiTokenService {
    private static final int MAX_TOKEN_LENGTH = 2048;

    private final MutuaConfig config;
    private final Transactions tx;
    private final MACSigner signer;
    private final MACVerifier verifier;
    private final Clock clock;

    public ApiTokenService(MutuaConfig config, Transactions tx, byte[] signingKey, Clock clock) {
        this.config = config;
        this.tx = tx;
        this.clock = clock;
        try {
            this.signer = new MACSigner(signingKey);
            this.verifier = new MACVerifier(signingKey);
        } catch (JOSEException e) {
            throw new IllegalStateException("token signing key must be at least 256 bits", e);
        }
    }

    /** A token as its member sees it in lists; {@code current} when it is the one making the request. */
    public record TokenRow(ApiToken token, boolean current) {
    }

    public Future<String> issue(Member member) {
        String jti = RandomTokens.urlSafe(24);
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        Instant expires = now.plus(config.apiTokenLifetime());
        // exp tells clients when to ask again; the stored expiry is the one the node enforces.
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(config.baseUrl()).subject(member.publicId()).jwtID(jti)
            .issueTime(Date.from(now)).expirationTime(Date.from(expires)).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            return Future.failedFuture(e);
        }
        return tx.inTransaction(s -> s.persist(new ApiToken(jti, RandomTokens.urlSafe(12), member.id(), now, expires))).map(v -> jwt.serialize());
    }

    /** The member behind a bearer token, or 401 saying what to do. */
    public Future<Member> authenticate(String token) {
        String jti;
        try {
            jti = verifiedJti(token);
        } catch (Problem p) {
            return Future.failedFuture(p);
        }
        return tx.read(s -> s.find(ApiToken.class, jti).chain(t -> {
            if (t == null || t.revoked()) {
                throw invalid();
            }
            if (t.expired(clock.instant())) {
                throw expired(t.expiresAt());
            }
            return s.find(Member.class, t.memberId());
        })).map(m -> {
            if (m == null || m.status() != MemberStatus.ACTIVE) {
                throw invalid();
            }
            return m;
        });
    }

    public Future<Void> revoke(String token) {
        String jti = verifiedJti(token);
        return tx.inTransaction(s -> s.find(ApiToken.class, jti).invoke(t -> { if (t != null) t.revoke(clock.instant()); })).mapEmpty();
    }

    /** The member's live tokens (neither revoked nor expired), newest first. */
    public Future<List<TokenRow>> list(Member member, String currentToken) {
        String currentJti = currentJti(currentToken);
        return tx.read(s -> s.createSelectionQuery("from ApiToken where memberId = :m and revokedAt is null and expiresAt > :now"
                + " order by createdAt desc, publicId", ApiToken.class)
            .setParameter("m", member.id()).setParameter("now", clock.instant()).getResultList())
            .map(tokens -> tokens.stream().map(t -> new TokenRow(t, t.jti().equals(currentJti))).toList());
    }

    /** Revokes one of the member's live tokens by its public id; anyone else's, or none, is 404 alike. */
    public Future<Void> revoke(Member member, String publicId) {
        return tx.inTransaction(s -> s.createSelectionQuery("from ApiToken where publicId = :p and memberId = :m", ApiToken.class)
            .setParameter("p", publicId).setParameter("m", member.id()).getSingleResultOrNull().invoke(t -> {
                if (t == null || t.revoked() || t.expired(clock.instant())) {
                    throw Problem.notFound("error.token.notFound", "you have no live token with id " + publicId);
                }
                t.revoke(clock.instant());
            })).mapEmpty();
    }

    private String currentJti(String token) {
        try {
            return token == null ? "" : verifiedJti(token);
        } catch (Problem p) {
            return "";
        }
    }

    private String verifiedJti(String token) {
        if (token == null || token.isBlank() || token.length() > MAX_TOKEN_LENGTH) {
            throw invalid();
        }
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
                throw invalid();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            if (!config.baseUrl().equals(claims.getIssuer()) || claims.getJWTID() == null) {
                throw invalid();
            }
            return claims.getJWTID();
        } catch (ParseException | JOSEException | IllegalStateException e) {
            throw invalid();
        }
    }

    private static Problem expired(Instant at) {
        return Problem.unauthorized("error.token.expired", "this bearer token expired on " + at
            + "; get a new one from POST /api/mutua/v1/tokens with your username and password");
    }

    private static Problem invalid() {
        return Problem.unauthorized("error.token.invalid", "the bearer token is not valid (revoked, expired or malformed); get a new one from POST /api/mutua/v1/tokens");
    }
}
