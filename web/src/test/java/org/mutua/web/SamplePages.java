package org.mutua.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.mutua.web.members.AdminView;
import org.mutua.web.view.CurrentUser;
import org.mutua.web.view.ErrorView;
import org.mutua.web.follows.FollowRow;
import org.mutua.web.follows.FollowersView;
import org.mutua.web.view.FormErrors;
import org.mutua.web.view.HomeView;
import org.mutua.web.members.LoginView;
import org.mutua.web.members.MemberRow;
import org.mutua.web.notices.NoticeDeleteView;
import org.mutua.web.notices.NoticeFormView;
import org.mutua.web.notices.NoticePageView;
import org.mutua.web.notices.NoticeRow;
import org.mutua.web.notices.NoticesView;
import org.mutua.web.view.PageContext;
import org.mutua.web.view.Pager;
import org.mutua.web.follows.PeopleView;
import org.mutua.web.members.ProfileView;
import org.mutua.web.notices.ReplyRow;
import org.mutua.web.members.SettingsView;
import org.mutua.web.members.SignupDoneView;
import org.mutua.web.members.SignupView;
import org.mutua.web.members.TokenRow;

/** Every page in its interesting states, rendered with realistic sample data. */
final class SamplePages {

    static final PageRenderer RENDERER = new PageRenderer();

    static final CurrentUser MEMBER = new CurrentUser("ana", "Ana García", "member");
    static final CurrentUser ORGANISER = new CurrentUser("rosa", "Rosa", "coordinator");

    private SamplePages() {
    }

    static PageContext page(String lang, String titleKey, CurrentUser user, String path) {
        Messages msg = Messages.forLanguage(lang);
        return new PageContext(msg, msg.t(titleKey), "Barrio Norte", "@barrio@mutua.example", user,
                "csrf-token-123", path, Messages.SUPPORTED, null);
    }

    /** Page name → rendered HTML, for one language. */
    static Map<String, String> all(String lang) {
        Map<String, Function<String, String>> pages = new LinkedHashMap<>();
        pages.put("home-open", l -> RENDERER.render(page(l, "title.home", null, "/"),
                new HomeView("We share tools, meals and lifts.\nEveryone welcome.", "open", "@barrio@mutua.example", 42)));
        pages.put("home-approval-member", l -> RENDERER.render(
                new PageContext(Messages.forLanguage(l), "Home", "Barrio Norte", "@barrio@mutua.example", MEMBER,
                        "csrf-token-123", "/", Messages.SUPPORTED, Messages.forLanguage(l).t("notice.loggedIn")),
                new HomeView("", "approval", "@barrio@mutua.example", 1)));
        pages.put("home-invite", l -> RENDERER.render(page(l, "title.home", null, "/"),
                new HomeView(null, "invite", null, 0)));
        pages.put("signup-open", l -> RENDERER.render(page(l, "title.signup", null, "/signup"),
                new SignupView("open", null, FormErrors.none())));
        pages.put("signup-approval-errors", l -> RENDERER.render(page(l, "title.signup", null, "/signup"),
                new SignupView("approval", null, FormErrors.none()
                        .withError("username", "error.username.taken")
                        .withError("password", "error.password.tooShort")
                        .withValue("username", "ana")
                        .withValue("displayName", "Ana")
                        .withValue("reason", "I live on Calle Mayor."))));
        pages.put("signup-invite", l -> RENDERER.render(page(l, "title.signup", null, "/signup"),
                new SignupView("invite", "inv-abc", FormErrors.none())));
        pages.put("signup-invite-missing", l -> RENDERER.render(page(l, "title.signup", null, "/signup"),
                new SignupView("invite", null, FormErrors.none())));
        pages.put("signup-done-pending", l -> RENDERER.render(page(l, "title.signupDone", null, "/signup"),
                new SignupDoneView(true)));
        pages.put("signup-done-welcome", l -> RENDERER.render(page(l, "title.signupDone", null, "/signup"),
                new SignupDoneView(false)));
        pages.put("login", l -> RENDERER.render(page(l, "title.login", null, "/login"),
                new LoginView(FormErrors.none(), 0)));
        pages.put("login-failed", l -> RENDERER.render(page(l, "title.login", null, "/login"),
                new LoginView(FormErrors.none().withGeneral("error.login.failed").withValue("username", "ana"), 0)));
        pages.put("login-rate-limited", l -> RENDERER.render(page(l, "title.login", null, "/login"),
                new LoginView(FormErrors.none(), 30)));
        pages.put("settings", l -> RENDERER.render(page(l, "title.settings", MEMBER, "/settings"),
                new SettingsView("Ana García", "I can lend a ladder.\nI speak Spanish.", List.of("es"), null,
                        FormErrors.none(), true, "Europe/Madrid", "UTC", List.of("UTC", "America/Bogota", "Europe/Madrid"),
                        List.of(new TokenRow("q2W9xk1LmT0a", "Dec 8, 2026, 10:00 AM CET", "2026-12-08T09:00:00Z",
                            "Mar 8, 2027, 10:00 AM CET", "2027-03-08T09:00:00Z")))));
        pages.put("settings-errors", l -> RENDERER.render(page(l, "title.settings", MEMBER, "/settings"),
                new SettingsView("Ana García", "", List.of("en", "es"), "es",
                        FormErrors.none().withError("displayName", "error.displayName.required")
                                .withError("languages", "error.languages.unknown")
                                .withValue("displayName", ""), false, null, "UTC", List.of("UTC", "Europe/Madrid"), List.of())));
        pages.put("profile", l -> RENDERER.render(page(l, "title.home", MEMBER, "/u/rosa"),
                new ProfileView("rosa", "@rosa@mutua.example", "Rosa", "<p>I run the <strong>Tuesday</strong> pantry.</p>",
                        "coordinator", "3 March 2026", "https://mutua.example/u/rosa")));
        pages.put("admin", l -> RENDERER.render(page(l, "title.admin", ORGANISER, "/admin"),
                new AdminView(
                        List.of(new MemberRow("ana", "Ana García", "member", "active", "2026-03-01"),
                                new MemberRow("rosa", "Rosa", "coordinator", "active", "2026-02-01"),
                                new MemberRow("tom", "", "member", "suspended", "2026-01-15")),
                        List.of(new MemberRow("luis", "Luis", "member", "pending", "2026-11-20"),
                                new MemberRow("mei", "Mei", "member", "pending", "2026-11-21")),
                        "https://mutua.example/signup?invite=abc123")));
        pages.put("admin-empty", l -> RENDERER.render(page(l, "title.admin", ORGANISER, "/admin"),
                new AdminView(List.of(), List.of(), null)));
        FollowRow lola = new FollowRow("f1", "Lola <b>", "@lola@social.example", "https://social.example/users/lola", "accepted");
        FollowRow kim = new FollowRow("f2", null, "@kim@town.example", "https://town.example/@kim", "pending");
        pages.put("people", l -> RENDERER.render(page(l, "title.people", MEMBER, "/people"),
                new PeopleView(FormErrors.none(), null, List.of(lola, kim))));
        pages.put("people-empty", l -> RENDERER.render(page(l, "title.people", MEMBER, "/people"),
                new PeopleView(null, null, List.of())));
        pages.put("people-found", l -> RENDERER.render(page(l, "title.people", MEMBER, "/people"),
                new PeopleView(FormErrors.none().withValue("target", "juan@other.example"),
                        new FollowRow(null, "Juan", "@juan@other.example", "https://other.example/users/juan", null), List.of(lola))));
        pages.put("people-found-followed", l -> RENDERER.render(page(l, "title.people", MEMBER, "/people"),
                new PeopleView(FormErrors.none(), lola, List.of(lola))));
        pages.put("people-error", l -> RENDERER.render(page(l, "title.people", MEMBER, "/people"),
                new PeopleView(FormErrors.none().withError("target", "error.target.invalid").withValue("target", "not a handle"), null, List.of())));
        pages.put("followers", l -> RENDERER.render(page(l, "title.followers", MEMBER, "/followers"),
                new FollowersView(List.of(kim), List.of(lola), false, List.of(), List.of())));
        pages.put("followers-empty", l -> RENDERER.render(page(l, "title.followers", MEMBER, "/followers"),
                new FollowersView(null, null, false, null, null)));
        pages.put("followers-organiser", l -> RENDERER.render(page(l, "title.followers", ORGANISER, "/followers"),
                new FollowersView(List.of(), List.of(lola), true, List.of(kim), List.of(lola))));
        NoticeRow ladder = new NoticeRow("n1", "Ana García", "@ana@mutua.example", false, "Nov 23, 2026, 7:13 PM UTC",
                "2026-11-23T19:13:00Z", "followers", "Who has a ladder?\nI need it on Thursday.", 2, 1, 0, true, true);
        NoticeRow assembly = new NoticeRow("n2", "Barrio Norte", "@barrio@mutua.example", true, "Nov 22, 2026, 9:00 AM UTC",
                "2026-11-22T09:00:00Z", "public", "Assembly on Saturday at 11 in the square.", 0, 5, 3, false, false);
        NoticeRow keys = new NoticeRow("n3", "Rosa", "@rosa@mutua.example", false, "Nov 21, 2026, 6:00 PM UTC",
                "2026-11-21T18:00:00Z", "local", "The keys to the shed are with Rosa.", 0, 0, 0, false, false);
        pages.put("home-with-notices", l -> RENDERER.render(page(l, "title.home", null, "/"),
                new HomeView("", "open", "@barrio@mutua.example", 12, List.of(assembly))));
        pages.put("notices", l -> RENDERER.render(page(l, "title.notices", MEMBER, "/notices"),
                new NoticesView(List.of(ladder, assembly, keys), Pager.of("/notices", 1, 3, 60, "notices.newer", "notices.older"))));
        pages.put("notices-page-2", l -> RENDERER.render(page(l, "title.notices", MEMBER, "/notices"),
                new NoticesView(List.of(keys), Pager.of("/notices", 2, 3, 60, "notices.newer", "notices.older"))));
        pages.put("notices-past-the-end", l -> RENDERER.render(page(l, "title.notices", MEMBER, "/notices"),
                new NoticesView(List.of(), Pager.of("/notices", 40, 3, 60, "notices.newer", "notices.older"))));
        pages.put("notices-empty", l -> RENDERER.render(page(l, "title.notices", MEMBER, "/notices"),
                new NoticesView(List.of(), Pager.single())));
        pages.put("notice-new", l -> RENDERER.render(page(l, "title.noticeNew", MEMBER, "/notices/new"),
                new NoticeFormView(null, FormErrors.none(), "", null, null, false, "@barrio@mutua.example", 5000, "es", List.of("en", "es"))));
        pages.put("notice-new-organiser-errors", l -> RENDERER.render(page(l, "title.noticeNew", ORGANISER, "/notices"),
                new NoticeFormView(null, FormErrors.none().withError("content", "error.content.tooLong")
                        .withError("visibility", "error.visibility.invalid").withValue("content", "Too long"),
                        "", "public", "neighbourhood", true, "@barrio@mutua.example", 5000)));
        pages.put("notice-new-as-refused", l -> RENDERER.render(page(l, "title.noticeNew", MEMBER, "/notices"),
                new NoticeFormView(null, FormErrors.none().withError("as", "error.as.forbidden"), "Hi", "public", null, false,
                        "@barrio@mutua.example", 5000)));
        pages.put("notice-edit", l -> RENDERER.render(page(l, "title.noticeEdit", MEMBER, "/notices/n1/edit"),
                new NoticeFormView("n1", FormErrors.none(), "Who has a ladder?", "followers", null, false, "@barrio@mutua.example", 5000)));
        pages.put("notice", l -> RENDERER.render(page(l, "title.notices", MEMBER, "/o/n1"),
                new NoticePageView(ladder, "<p>Who has a ladder?<br>I need it on <strong>Thursday</strong>.</p>", List.of(
                        new ReplyRow("Zoe", "@zoe@social.example", "https://social.example/users/zoe", "Nov 23, 2026", "<p>I have one!</p>"),
                        new ReplyRow(null, "https://town.example/users/kim", "https://town.example/users/kim", "Nov 23, 2026", "<p>Me too</p>",
                            "https://video.example/w/kim-ladder")),
                        Pager.of("/o/n1", 1, 2, 5, "notices.earlierReplies", "notices.laterReplies"), true)));
        pages.put("notice-replies-page-3", l -> RENDERER.render(page(l, "title.notices", MEMBER, "/o/n1"),
                new NoticePageView(ladder, "<p>Who has a ladder?</p>", List.of(
                        new ReplyRow("Zoe", "@zoe@social.example", "https://social.example/users/zoe", "Nov 23, 2026", "<p>Still need it?</p>")),
                        Pager.of("/o/n1", 3, 2, 5, "notices.earlierReplies", "notices.laterReplies"), true)));
        pages.put("notice-public-visitor", l -> RENDERER.render(page(l, "title.notices", null, "/o/n2"),
                new NoticePageView(assembly, "<p>Assembly on Saturday.</p>", List.of(), Pager.single(), false)));
        pages.put("notice-local", l -> RENDERER.render(page(l, "title.notices", MEMBER, "/o/n3"),
                new NoticePageView(keys, "<p>The keys.</p>", List.of(), Pager.single(), true)));
        pages.put("notice-delete", l -> RENDERER.render(page(l, "title.noticeDelete", MEMBER, "/notices/n1/delete"),
                new NoticeDeleteView(ladder, "<p>Who has a ladder?</p>")));
        pages.put("error-410", l -> RENDERER.render(page(l, "title.error", MEMBER, "/o/n1"),
                new ErrorView(410, Messages.forLanguage(l).t("error.notice.deleted"))));
        pages.put("error-404", l -> RENDERER.render(page(l, "title.error", null, "/nope"),
                new ErrorView(404, Messages.forLanguage(l).t("error.notFound"))));
        pages.put("error-500", l -> RENDERER.render(page(l, "title.error", MEMBER, "/boom"),
                new ErrorView(500, Messages.forLanguage(l).t("error.server"))));

        Map<String, String> rendered = new LinkedHashMap<>();
        pages.forEach((name, render) -> rendered.put(name, render.apply(lang)));
        return rendered;
    }
}
