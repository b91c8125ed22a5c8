package org.mutua.web.follows;

import java.util.List;
import org.mutua.web.PageView;

/**
 * Who follows the member (and, for coordinators and admins, the neighbourhood), and requests waiting for a decision.
 *
 * @param requests               pending requests to follow the member
 * @param followers              the member's accepted followers
 * @param neighbourhood          true for coordinators and admins: show the neighbourhood's sections
 * @param neighbourhoodRequests  pending requests to follow the neighbourhood (empty unless {@code neighbourhood})
 * @param neighbourhoodFollowers the neighbourhood's accepted followers (empty unless {@code neighbourhood})
 */
public record FollowersView(List<FollowRow> requests, List<FollowRow> followers, boolean neighbourhood,
                            List<FollowRow> neighbourhoodRequests, List<FollowRow> neighbourhoodFollowers) implements PageView {
    @Override
    public String template() {
        return "follows/followers.jte";
    }

    public FollowersView {
        requests = requests == null ? List.of() : List.copyOf(requests);
        followers = followers == null ? List.of() : List.copyOf(followers);
        neighbourhoodRequests = neighbourhoodRequests == null ? List.of() : List.copyOf(neighbourhoodRequests);
        neighbourhoodFollowers = neighbourhoodFollowers == null ? List.of() : List.copyOf(neighbourhoodFollowers);
    }
}
