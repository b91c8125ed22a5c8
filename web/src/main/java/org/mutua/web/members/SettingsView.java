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
 */
public record SettingsView(String displayName, String bio, List<String> languages, String uiLanguage,
                           FormErrors errors, boolean saved) implements PageView {
    @Override
    public String template() {
        return "members/settings.jte";
    }

    public SettingsView {
        languages = languages == null ? List.of() : List.copyOf(languages);
        errors = errors == null ? FormErrors.none() : errors;
    }

    public boolean speaks(String lang) {
        return languages.contains(lang);
    }

    public boolean interfaceIn(String lang) {
        return lang == null || lang.isEmpty() ? uiLanguage == null || uiLanguage.isEmpty() : lang.equals(uiLanguage);
    }
}
