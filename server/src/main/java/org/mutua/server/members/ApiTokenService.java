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
import org.mutua.config.MutuaConfig;
import org.mutua.server.database.Transactions;
import org.mutua.server.problems.Problem;
import org.mutua.server.security.RandomTokens;

/**
 * Bearer tokens for the JSON API: HS256 JWTs (Nimbus JOSE JWT) whose {@code jti} must also be a stored, unrevoked
 * {@link ApiToken}; the signature spares a database look-up for forged tokens, the row makes them revocable.
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

    public Future<String> issue(Member member) {
        String jti = RandomTokens.urlSafe(24);
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
            .issuer(config.baseUrl()).subject(member.publicId()).jwtID(jti).issueTime(Date.from(now)).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            return Future.failedFuture(e);
        }
        return tx.inTransaction(s -> s.persist(new ApiToken(jti, member.id(), now))).map(v -> jwt.serialize());
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

    private static Problem invalid() {
        return Problem.unauthorized("error.token.invalid", "the bearer token is not valid (revoked, expired or malformed); get a new one from POST /api/mutua/v1/tokens");
    }
}
