package org.mutua.web.follows;

import java.util.List;
import org.mutua.web.PageView;
import org.mutua.web.view.FormErrors;

/**
 * Finding people on the fediverse and the accounts the member follows.
 *
 * @param errors    problems with the search or follow form (field {@code target}), and the typed value to re-fill
 * @param found     the profile just found by a search, or null; its {@code state} is set when already followed
 * @param following the member's follows (state "pending" = waiting for them to accept, "accepted" = following)
 */
public record PeopleView(FormErrors errors, FollowRow found, List<FollowRow> following) implements PageView {
    @Override
    public String template() {
        return "follows/people.jte";
    }

    public PeopleView {
        errors = errors == null ? FormErrors.none() : errors;
        following = following == null ? List.of() : List.copyOf(following);
    }
}
