package org.mutua.web.members;

/**
 * One of the member's API tokens on the settings page: its public id (never the token) and its times, already formatted.
 *
 * @param createdIso  ISO-8601 instant, for the {@code time} element
 * @param expiresIso  ISO-8601 instant
 */
public record TokenRow(String id, String created, String createdIso, String expires, String expiresIso) {
}
