package org.mutua.web.members;

import java.util.List;
import org.mutua.web.PageView;
import org.mutua.web.view.FormErrors;

/**
 * The member's own settings.
 *
 * @param bio        plain text as typed (escaped on output, unlike ProfileView.bioHtml)
 * @param languages  languages the member speaks, e.g. ["es"]
 * @param uiLanguage interface language, or null for "automatic" (follow the browser)
 * @param saved      true right after a successful save
 * @param timeZone   the member's time zone id, or null for the node's
 * @param nodeTimeZone the node's time zone id, named in the "node's time zone" choice
 * @param timeZones  the zone ids to choose from
 * @param tokens     the member's live API tokens
 */
public record SettingsView(String displayName, String bio, List<String> languages, String uiLanguage,
                           FormErrors errors, boolean saved, String timeZone, String nodeTimeZone, List<String> timeZones,
                           List<TokenRow> tokens) implements PageView {
    @Override
    public String template() {
        return "members/settings.jte";
    }

    public SettingsView {
        languages = languages == null ? List.of() : List.copyOf(languages);
        errors = errors == null ? FormErrors.none() : errors;
        timeZones = timeZones == null ? List.of() : List.copyOf(timeZones);
        tokens = tokens == null ? List.of() : List.copyOf(tokens);
    }

    public boolean inZone(String zone) {
        return zone == null || zone.isEmpty() ? timeZone == null || timeZone.isEmpty() : zone.equals(timeZone);
    }

    public boolean speaks(String lang) {
        return languages.contains(lang);
    }

    public boolean interfaceIn(String lang) {
        return lang == null || lang.isEmpty() ? uiLanguage == null || uiLanguage.isEmpty() : lang.equals(uiLanguage);
    }
}
