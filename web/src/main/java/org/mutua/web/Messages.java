package org.mutua.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The words of the interface in one language.
 *
 * <p>Bundles live at {@code org/mutua/web/i18n/messages_{lang}.properties} (what every page shares) and in each
 * feature's folder, {@code org/mutua/web/<feature>/messages_{lang}.properties}, found on the class path
 * ({@link BundleFolders}); a language's bundles are one set of keys, and a key in two bundles is refused at load.
 * They are read as UTF-8
 * (not ISO-8859-1 as {@link java.util.ResourceBundle} would), so translators can type "ñ" directly.
 *
 * <p>Apostrophes: write the typographic ’ in bundles, never the ASCII quote, because
 * {@link MessageFormat} treats {@code '} as an escape character (a test enforces this).
 */
public final class Messages {

    /** Languages the interface is fully translated into; the first one is the fallback. */
    public static final List<String> SUPPORTED = List.of("en", "es");
    public static final String FALLBACK = "en";

    // Loaded once: bundles are small and immutable, and pages are rendered on the event loop.
    private static final Map<String, Messages> LOADED = loadAll();

    private final String lang;
    private final Locale locale;
    private final Map<String, String> strings;

    private Messages(String lang, Map<String, String> strings) {
        this.lang = lang;
        this.locale = Locale.forLanguageTag(lang);
        this.strings = strings;
    }

    /** The bundle for {@code lang} (e.g. "es", "es-MX"); unknown or null languages get the fallback. */
    public static Messages forLanguage(String lang) {
        String primary = LanguageNegotiation.primarySubtag(lang);
        Messages found = primary == null ? null : LOADED.get(primary);
        return found != null ? found : LOADED.get(FALLBACK);
    }

    /**
     * Picks the interface language for one request: the member's saved setting, then an explicit
     * choice (cookie or {@code ?lang=}), then the browser's Accept-Language, then {@code fallback}.
     */
    public static String negotiate(String userSetting, String explicitChoice, String acceptLanguageHeader,
                                   List<String> offered, String fallback) {
        return LanguageNegotiation.negotiate(userSetting, explicitChoice, acceptLanguageHeader, offered, fallback);
    }

    /** BCP 47 code of this bundle, for {@code <html lang>}. */
    public String lang() {
        return lang;
    }

    /** The text for {@code key}; a missing key is shown as the key itself so it is noticed, not hidden. */
    public String t(String key) {
        if (key == null) {
            return "";
        }
        return strings.getOrDefault(key, key);
    }

    /** The text for {@code key} with {@code {0}}-style arguments filled in by {@link MessageFormat}. */
    public String t(String key, Object... args) {
        String pattern = t(key);
        if (args == null || args.length == 0) {
            return pattern;
        }
        try {
            return new MessageFormat(pattern, locale).format(args);
        } catch (IllegalArgumentException badPattern) {
            return pattern; // a broken translation must not break the page
        }
    }

    /** True when this bundle defines {@code key}. */
    public boolean has(String key) {
        return key != null && strings.containsKey(key);
    }

    /** All keys, sorted; used by tests to compare bundles. */
    public Set<String> keys() {
        return Collections.unmodifiableSet(new TreeSet<>(strings.keySet()));
    }

    private static Map<String, Messages> loadAll() {
        Map<String, Messages> all = new LinkedHashMap<>();
        for (String lang : SUPPORTED) {
            all.put(lang, new Messages(lang, readBundle(lang)));
        }
        return Collections.unmodifiableMap(all);
    }

    private static Map<String, String> readBundle(String lang) {
        Map<String, String> strings = new LinkedHashMap<>();
        Map<String, String> from = new LinkedHashMap<>();
        for (String folder : BundleFolders.find()) {
            String resource = folder + "/messages_" + lang + ".properties";
            Properties props = read(resource, folder.equals("i18n"));
            for (String name : props.stringPropertyNames()) {
                String earlier = from.putIfAbsent(name, resource);
                if (earlier != null) {
                    throw new IllegalStateException("Message key " + name + " is in both org/mutua/web/" + earlier
                        + " and org/mutua/web/" + resource);
                }
                strings.put(name, props.getProperty(name));
            }
        }
        return Collections.unmodifiableMap(strings);
    }

    /** One bundle; a feature without a bundle in this language has none (MessagesTest requires every language). */
    private static Properties read(String resource, boolean required) {
        Properties props = new Properties();
        try (InputStream in = Messages.class.getResourceAsStream(resource)) {
            if (in == null) {
                if (required) {
                    throw new IllegalStateException("Missing message bundle org/mutua/web/" + resource);
                }
                return props;
            }
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                props.load(reader);
            }
            return props;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read message bundle " + resource, e);
        }
    }
}
