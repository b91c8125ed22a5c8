package org.mutua.server;

import java.util.ArrayList;
import java.util.List;
import org.mutua.server.actors.Actors;
import org.mutua.server.feature.Feature;
import org.mutua.server.follows.Follows;
import org.mutua.server.members.Members;
import org.mutua.server.notices.Notices;

/**
 * The node's features, in the order of their dependencies: a feature is handed the features it uses, so each comes
 * after those. Adding a feature is its package, its folder in {@code web}, and one line here.
 */
public final class Features {
    private final List<Feature> all = new ArrayList<>();

    private Features() {
    }

    public static List<Feature> all() {
        Features f = new Features();
        Actors actors = f.add(new Actors());
        Members members = f.add(new Members(actors));
        Follows follows = f.add(new Follows(actors, members));
        f.add(new Notices(actors, members, follows));
        return List.copyOf(f.all);
    }

    /** The features' names, in order: what names their migrations, API parts and web folders. */
    public static List<String> names() {
        return all().stream().map(Feature::name).toList();
    }

    private <F extends Feature> F add(F feature) {
        all.add(feature);
        return feature;
    }
}
