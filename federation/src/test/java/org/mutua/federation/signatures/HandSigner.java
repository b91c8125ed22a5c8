package org.mutua.federation.signatures;

import static org.mutua.federation.signatures.Fixtures.*;

import java.security.PrivateKey;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Signs cavage requests with any header list and parameters, to build the hostile cases our signer never makes. */
final class HandSigner {
    private HandSigner() {
    }

    /** Host, Date (at {@link Fixtures#NOW}) and Digest set as our signer would, then a signature over {@code covered}. */
    static SignableRequest cavage(SignableRequest request, String covered, String algorithm, Map<String, String> extra,
                                  PrivateKey key) {
        SignableRequest r = request.withHeader("Host", request.authority())
            .withHeader("Date", CavageSigner.httpDate(CLOCK));
        if (request.body() != null) {
            r = r.withHeader("Digest", BodyDigests.digestHeader(request.body()));
        }
        return signOnly(r, covered, algorithm, extra, key);
    }

    /** Signs the request exactly as it is. */
    static SignableRequest signOnly(SignableRequest r, String covered, String algorithm, Map<String, String> extra,
                                    PrivateKey key) {
        Map<String, String> params = new LinkedHashMap<>(extra);
        if (algorithm != null) {
            params.put("algorithm", algorithm);
        }
        params.put("headers", covered);
        String base;
        try {
            base = SignatureBase.cavage(r, List.of(covered.split(" ")), new CavageSignatureHeader(params), true);
        } catch (SignatureRejection e) {
            throw new IllegalArgumentException(e.reason());
        }
        StringBuilder header = new StringBuilder("keyId=\"" + KEY_ID + "\"");
        params.forEach((k, v) -> header.append(',').append(k).append("=\"").append(v).append('"'));
        header.append(",signature=\"").append(Base64.getEncoder().encodeToString(SignatureAlgorithms.sign(key, base))).append('"');
        return r.withHeader("Signature", header.toString());
    }

    static SignableRequest cavage(SignableRequest request, String covered) {
        return cavage(request, covered, "rsa-sha256", Map.of(), RSA.getPrivate());
    }
}
