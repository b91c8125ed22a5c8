package org.mutua.server.testing;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import org.mutua.federation.signatures.CavageSigner;
import org.mutua.federation.signatures.SignableRequest;
import org.mutua.server.actors.LocalActor;

/** Signed GETs as the node's own instance actor, whose key the node fetches from itself on loopback (authorized fetch). */
public final class SignedGets {
    private SignedGets() {
    }

    public static HttpResponse<String> get(TestNode node, Http http, String path, String accept) {
        LocalActor instance = node.await(node.node.services().actors().instanceActor());
        SignableRequest signed = new CavageSigner(Clock.systemUTC()).signGet(SignableRequest.of("GET", URI.create(node.baseUrl + path), null),
            node.config.baseUrl() + "/actor#main-key", instance.keys().rsaPrivateKey());
        return http.get(path, "Accept", accept, "Date", signed.header("Date").orElseThrow(), "Signature", signed.header("Signature").orElseThrow());
    }
}
