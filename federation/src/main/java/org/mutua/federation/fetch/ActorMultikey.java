package org.mutua.federation.fetch;

import java.net.URI;

/** An {@code assertionMethod} entry of type {@code Multikey} (FEP-521a). */
public record ActorMultikey(URI id, URI controller, String publicKeyMultibase) {
}
