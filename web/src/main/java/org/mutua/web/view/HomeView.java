package org.mutua.web.view;

/**
 * The front page.
 *
 * @param description      what this neighbourhood node is about, plain text as the admin typed it
 * @param registrationMode "open", "approval" or "invite"
 */
public record HomeView(String description, String registrationMode, String neighbourhoodHandle, long memberCount) {
}
