package org.mutua.federation.fetch;

import java.util.Set;

/**
 * An approximation of the registrable domain ("eTLD+1") for the fetch budget (FEDERATION.md §6 row 22) and for where
 * an actor's shared inbox may be ({@link RemoteActor}): the last two
 * labels, or three when the second-to-last label pair is a short public suffix from the small list below. No Public
 * Suffix List is bundled, so a farm under an unlisted suffix (e.g. {@code *.github.io}) shares one budget, which
 * errs on the strict side. IP literals are their own domain.
 */
public final class RegistrableDomain {
    private static final Set<String> TWO_LABEL_SUFFIXES = Set.of(
        "co.uk", "org.uk", "ac.uk", "gov.uk", "me.uk", "net.uk", "ltd.uk", "plc.uk",
        "com.au", "net.au", "org.au", "edu.au", "gov.au", "co.nz", "org.nz", "net.nz",
        "co.jp", "ne.jp", "or.jp", "ac.jp", "go.jp", "co.kr", "or.kr", "com.cn", "net.cn", "org.cn",
        "com.br", "net.br", "org.br", "com.ar", "com.mx", "org.mx", "co.za", "org.za", "co.in", "net.in", "org.in",
        "com.tr", "com.tw", "org.tw", "com.hk", "com.sg", "com.my", "co.id", "or.id", "co.il", "org.il",
        "com.ua", "com.pl", "net.pl", "org.pl", "com.es", "org.es", "co.at", "or.at", "com.pt", "com.ru", "org.ru");

    private RegistrableDomain() {
    }

    /**
     * The same host, or two hosts under one registrable domain ({@code mastodon.example} and
     * {@code files.mastodon.example}); IP literals only when equal. Both hosts normalised, without ports.
     */
    public static boolean same(String normalizedHostA, String normalizedHostB) {
        return normalizedHostA.equals(normalizedHostB) || of(normalizedHostA).equals(of(normalizedHostB));
    }

    /** @param normalizedHost a host from {@link RemoteUrls#normalizeHost(String)} */
    public static String of(String normalizedHost) {
        if (normalizedHost.startsWith("[") || normalizedHost.chars().allMatch(c -> c == '.' || Character.isDigit(c))) {
            return normalizedHost;
        }
        String[] labels = normalizedHost.split("\\.");
        if (labels.length <= 2) {
            return normalizedHost;
        }
        String lastTwo = labels[labels.length - 2] + "." + labels[labels.length - 1];
        if (TWO_LABEL_SUFFIXES.contains(lastTwo)) {
            return labels[labels.length - 3] + "." + lastTwo;
        }
        return lastTwo;
    }
}
