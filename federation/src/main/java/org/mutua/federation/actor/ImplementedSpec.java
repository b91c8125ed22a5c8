package org.mutua.federation.actor;

import java.util.List;
import java.util.Objects;

/** One FEP-844e {@code implements} entry on the instance actor. */
public record ImplementedSpec(String href, String name) {
    /** The list of FEDERATION.md §1.4; allied nodes look for the first entry. */
    public static final List<ImplementedSpec> MUTUA_V1 = List.of(
        new ImplementedSpec("https://w3id.org/mutua/ns#profile-v1", "Mutua federation profile v1"),
        new ImplementedSpec("https://datatracker.ietf.org/doc/html/rfc9421", "RFC-9421: HTTP Message Signatures"),
        new ImplementedSpec("https://w3id.org/fep/0837", "FEP-0837: Federated Marketplace"));

    public ImplementedSpec {
        Objects.requireNonNull(href, "href");
        Objects.requireNonNull(name, "name");
    }
}
