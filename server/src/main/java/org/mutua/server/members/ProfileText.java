package org.mutua.server.members;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.parser.Parser;
import org.jsoup.safety.Safelist;
import org.mutua.server.problems.Problem;

/**
 * Names and bios are plain text: any markup typed into them is removed before storage (jsoup), and they are escaped
 * again when rendered, so nothing a member types is ever executed by another member's browser.
 */
public final class ProfileText {
    public static final int MAX_DISPLAY_NAME = 100;
    public static final int MAX_BIO = 2000;
    public static final int MAX_REASON = 1000;

    private ProfileText() {
    }

    public static String displayName(String raw, String fallback) {
        String s = plain(raw).replaceAll("\\s+", " ").strip();
        if (s.isEmpty()) {
            return fallback;
        }
        if (s.codePointCount(0, s.length()) > MAX_DISPLAY_NAME) {
            throw Problem.invalid("displayName", "error.displayName.tooLong", "displayName must be at most " + MAX_DISPLAY_NAME + " characters");
        }
        return s;
    }

    public static String bio(String raw) {
        String s = plain(raw).replace("\r\n", "\n").strip();
        if (s.codePointCount(0, s.length()) > MAX_BIO) {
            throw Problem.invalid("bio", "error.bio.tooLong", "bio must be at most " + MAX_BIO + " characters");
        }
        return s;
    }

    public static String reason(String raw) {
        String s = plain(raw).replace("\r\n", "\n").strip();
        if (s.codePointCount(0, s.length()) > MAX_REASON) {
            throw Problem.invalid("reason", "error.reason.tooLong", "reason must be at most " + MAX_REASON + " characters");
        }
        return s;
    }

    private static String plain(String raw) {
        if (raw == null) {
            return "";
        }
        // Safelist.none keeps text only and drops script/style bodies; entities are then decoded back to characters.
        Document.OutputSettings out = new Document.OutputSettings().prettyPrint(false);
        String cleaned = Jsoup.clean(raw, "", Safelist.none(), out);
        return Parser.unescapeEntities(cleaned, false).replaceAll("[\\p{Cc}&&[^\n\r\t]]", "");
    }
}
