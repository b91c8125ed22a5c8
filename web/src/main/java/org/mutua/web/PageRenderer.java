package org.mutua.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.util.HashMap;
import java.util.Map;
import org.mutua.web.view.AdminView;
import org.mutua.web.view.ErrorView;
import org.mutua.web.view.FollowersView;
import org.mutua.web.view.HomeView;
import org.mutua.web.view.LoginView;
import org.mutua.web.view.NoticeDeleteView;
import org.mutua.web.view.NoticeFormView;
import org.mutua.web.view.NoticePageView;
import org.mutua.web.view.NoticesView;
import org.mutua.web.view.PageContext;
import org.mutua.web.view.PeopleView;
import org.mutua.web.view.ProfileView;
import org.mutua.web.view.SettingsView;
import org.mutua.web.view.SignupDoneView;
import org.mutua.web.view.SignupView;

/**
 * Typed entry points to the page templates, so callers cannot pass a wrong parameter name or type.
 * Each page template takes exactly two parameters, {@code page} and {@code view}. Thread-safe; make one.
 */
public final class PageRenderer {

    private final TemplateEngine engine;

    /** Uses the templates precompiled into this jar (no compiler needed at run time). */
    public PageRenderer() {
        this(TemplateEngine.createPrecompiled(ContentType.Html));
    }

    public PageRenderer(TemplateEngine engine) {
        this.engine = engine;
    }

    public String home(PageContext page, HomeView view) {
        return render("home.jte", page, view);
    }

    public String signup(PageContext page, SignupView view) {
        return render("signup.jte", page, view);
    }

    public String signupDone(PageContext page, SignupDoneView view) {
        return render("signup-done.jte", page, view);
    }

    public String login(PageContext page, LoginView view) {
        return render("login.jte", page, view);
    }

    public String settings(PageContext page, SettingsView view) {
        return render("settings.jte", page, view);
    }

    public String profile(PageContext page, ProfileView view) {
        return render("profile.jte", page, view);
    }

    public String admin(PageContext page, AdminView view) {
        return render("admin.jte", page, view);
    }

    public String people(PageContext page, PeopleView view) {
        return render("people.jte", page, view);
    }

    public String followers(PageContext page, FollowersView view) {
        return render("followers.jte", page, view);
    }

    public String notices(PageContext page, NoticesView view) {
        return render("notices.jte", page, view);
    }

    public String noticeForm(PageContext page, NoticeFormView view) {
        return render("notice-form.jte", page, view);
    }

    public String notice(PageContext page, NoticePageView view) {
        return render("notice.jte", page, view);
    }

    public String noticeDelete(PageContext page, NoticeDeleteView view) {
        return render("notice-delete.jte", page, view);
    }

    public String error(PageContext page, ErrorView view) {
        return render("error.jte", page, view);
    }

    /** Renders any page template by name, e.g. {@code render("home.jte", page, view)}. */
    public String render(String template, PageContext page, Object view) {
        Map<String, Object> params = new HashMap<>();
        params.put("page", page);
        params.put("view", view);
        StringOutput out = new StringOutput();
        engine.render(template, params, out);
        return out.toString();
    }
}
