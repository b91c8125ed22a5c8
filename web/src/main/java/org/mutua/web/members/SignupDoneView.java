package org.mutua.web.members;

import org.mutua.web.PageView;

/** After joining: either welcome, or "an organiser will look at your request". */
public record SignupDoneView(boolean pendingApproval) implements PageView {
    @Override
    public String template() {
        return "members/signup-done.jte";
    }
}
