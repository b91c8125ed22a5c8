package org.mutua.server.members;

import java.util.Set;
import java.util.regex.Pattern;
import org.mutua.server.problems.Problem;

/**
 * Which usernames may be taken. Only a-z, 0-9 and _ (FEDERATION.md 1.1), so look-alike letters from other scripts,
 * path tricks and handles with a host part are refused rather than normalised into something else.
 */
public final class UsernamePolicy {
    private static final Pattern ALLOWED = Pattern.compile("^[a-z0-9_]{1,30}$");
    /**
     * What the form lets a person type: capitals too, since phones capitalise the first letter ("Carmen"); they are
     * folded to small letters by {@link #fold}, the one place that does it, before {@link #ALLOWED} is checked.
     */
    public static final String FORM_PATTERN = "[A-Za-z0-9_]{1,30}";
    private static final Set<String> RESERVED = Set.of(
        "admin", "administrator", "root", "system", "mutua", "actor", "inbox", "outbox", "api", "static", "media",
        "well_known", "nodeinfo", "webfinger", "login", "logout", "signup", "settings", "health", "support", "help",
        "moderator", "moderators", "abuse", "postmaster", "webmaster", "security", "instance", "null", "undefined",
        "everyone", "all", "public", "followers", "following", "members", "coordinator", "coordinators", "ns", "u", "g", "o", "a");

    private final String neighbourhoodUsername;
    private final String instanceActorUsername;

    /** The node's own actors' names are taken too: the neighbourhood's and the instance actor's (the host name). */
    public UsernamePolicy(String neighbourhoodUsername, String instanceActorUsername) {
        this.neighbourhoodUsername = neighbourhoodUsername;
        this.instanceActorUsername = instanceActorUsername;
    }

    /** The username as stored, or a 400 that says what is allowed. Upper-case ASCII is lowered; nothing else is changed. */
    public String accept(String raw) {
        if (raw == null || raw.isBlank()) {
            throw Problem.invalid("username", "error.username.required", "username is required: 1 to 30 of a-z, 0-9 and _");
        }
        String name = fold(raw);
        if (!ALLOWED.matcher(name).matches()) {
            throw Problem.invalid("username", "error.username.format", "username may only use a-z, 0-9 and _ (1 to 30 characters)");
        }
        if (RESERVED.contains(name) || name.equals(neighbourhoodUsername) || name.equals(instanceActorUsername)) {
            throw Problem.invalid("username", "error.username.reserved", "username '" + name + "' is reserved; choose another");
        }
        return name;
    }

    /** The name as stored and looked up: trimmed, A-Z folded to a-z; nothing else changes (so look-alikes stay refused). */
    public static String fold(String raw) {
        return lowerAscii(raw.trim());
    }

    private static String lowerAscii(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            b.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
        return b.toString();
    }
}
