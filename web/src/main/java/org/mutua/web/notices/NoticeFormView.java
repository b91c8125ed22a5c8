package org.mutua.web.notices;

import java.util.List;
import org.mutua.web.PageView;
import org.mutua.web.view.FormErrors;

/**
 * Writing a new notice, or editing one ({@code id} set; only the text changes then).
 *
 * @param id                     the notice being edited, or null for a new one
 * @param errors                 refusals and what was typed
 * @param content                the text to fill in (plain text)
 * @param visibility             "followers", "public" or "local": the choice to pre-select, or the edited notice's
 * @param as                     "member" or "neighbourhood"
 * @param canPostAsNeighbourhood true for coordinators and admins
 * @param neighbourhoodName      what the neighbourhood is called, for the "as the neighbourhood" choice
 * @param maxLength              the most characters a notice may have
 * @param language               the language it is written in, pre-selected (the member's)
 * @param languages              the languages to choose from; empty shows no choice (editing keeps the language)
 */
public record NoticeFormView(String id, FormErrors errors, String content, String visibility, String as,
                             boolean canPostAsNeighbourhood, String neighbourhoodName, int maxLength, String language,
                             List<String> languages) implements PageView {
    public NoticeFormView(String id, FormErrors errors, String content, String visibility, String as,
                          boolean canPostAsNeighbourhood, String neighbourhoodName, int maxLength) {
        this(id, errors, content, visibility, as, canPostAsNeighbourhood, neighbourhoodName, maxLength, null, List.of());
    }

    @Override
    public String template() {
        return "notices/notice-form.jte";
    }

    public NoticeFormView {
        errors = errors == null ? FormErrors.none() : errors;
        visibility = visibility == null || visibility.isBlank() ? "followers" : visibility;
        as = as == null || as.isBlank() ? "member" : as;
        languages = languages == null ? List.of() : List.copyOf(languages);
    }

    public boolean languageIs(String l) {
        return l.equals(language);
    }

    public boolean editing() {
        return id != null;
    }

    public String action() {
        return editing() ? "/notices/" + id + "/edit" : "/notices";
    }

    public boolean visibilityIs(String v) {
        return visibility.equals(v);
    }

    public boolean asIs(String a) {
        return as.equals(a);
    }
}
