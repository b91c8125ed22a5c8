package org.mutua.federation.discovery;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Parses the {@code resource} parameter. Shape follows Mastodon app/lib/webfinger_resource.rb (acct: or the actor
 * URL), but every comparison is exact on lowercased ASCII: no Unicode normalisation, so a fullwidth {@code ａdmin}
 * never becomes {@code admin}, and no trailing-dot or port leniency on the domain (§6 row 14).
 */
sealed interface WebFingerQuery {
    int MAX_LENGTH = 512;
    Pattern USERNAME = Pattern.compile("^[a-z0-9_]{1,30}$");

    /** {@code acct:username@domain} on this node. */
    record ByUsername(String username) implements WebFingerQuery {}

    /** This node's actor URL. */
    record ByActorId(String actorId) implements WebFingerQuery {}

    /** Well-formed, but cannot name a local actor: answer 404. */
    record NotHere(String reason) implements WebFingerQuery {}

    /** Not a resource we understand: answer 400. */
    record Malformed(String reason) implements WebFingerQuery {}

    static WebFingerQuery parse(String resource, String domain, String hostname, String baseUrl) {
        if (resource == null || resource.isEmpty()) {
            return new Malformed("missing resource parameter: ask for ?resource=acct:name@" + domain);
        }
        if (resource.length() > MAX_LENGTH) {
            return new Malformed("resource is longer than " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < resource.length(); i++) {
            char c = resource.charAt(i);
            if (c < 0x20 || c == 0x7f || Character.isWhitespace(c)) {
                return new Malformed("resource contains a control or space character at position " + i);
            }
        }
        String lower = resource.toLowerCase(Locale.ROOT);
        if (lower.startsWith("acct:")) {
            return acct(resource.substring(5), domain, hostname);
        }
        if (lower.startsWith("https://") || lower.startsWith("http://")) {
            return url(resource, baseUrl);
        }
        return new Malformed("resource must be acct:name@" + domain + " or the URL of an actor on " + baseUrl);
    }

    private static WebFingerQuery acct(String account, String domain, String hostname) {
        int at = account.indexOf('@');
        if (at < 0) {
            return new Malformed("acct: resource needs a domain, as in acct:name@" + domain);
        }
        if (account.indexOf('@', at + 1) >= 0) {
            return new Malformed("acct: resource has more than one @; use acct:name@" + domain);
        }
        String user = account.substring(0, at).toLowerCase(Locale.ROOT);
        String host = account.substring(at + 1).toLowerCase(Locale.ROOT);
        if (user.isEmpty() || host.isEmpty()) {
            return new Malformed("acct: resource needs both a name and a domain, as in acct:name@" + domain);
        }
        if (!host.equals(domain)) {
            return new NotHere("this server only answers for " + domain);
        }
        if (!USERNAME.matcher(user).matches() && !user.equals(hostname)) {
            return new NotHere("no account named " + user + " here");
        }
        return new ByUsername(user);
    }

    private static WebFingerQuery url(String resource, String baseUrl) {
        URI uri;
        try {
            uri = new URI(resource);
        } catch (URISyntaxException e) {
            return new Malformed("resource is not a valid URL");
        }
        // Prefix check on baseUrl + "/" so aid.example.evil.example and aid.example@evil.example never match.
        if (uri.getRawUserInfo() != null || uri.getRawFragment() != null || !resource.startsWith(baseUrl + "/")) {
            return new NotHere("this server only answers for actors under " + baseUrl);
        }
        return new ByActorId(resource);
    }
}
