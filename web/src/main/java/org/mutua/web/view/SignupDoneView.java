package org.mutua.web.view;

/** After joining: either welcome, or "an organiser will look at your request". */
public record SignupDoneView(boolean pendingApproval) {
}
