package org.mutua.server.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.mutua.server.members.Listing;
import org.mutua.server.members.MemberProfile;
import org.mutua.server.members.MemberRole;
import org.mutua.server.members.MemberService;
import org.mutua.server.problems.Problem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Admin commands against the node's database, also while the node runs: with the embedded default they connect to
 * the running node's PostgreSQL, or start it when the node is down (like Mastodon's tootctl accounts).
 */
@Command(name = "admin", description = "Manage members from the command line.",
    subcommands = {AdminCommand.CreateMember.class, AdminCommand.ResetPassword.class, AdminCommand.ListMembers.class})
public final class AdminCommand {

    /**
     * Opens the node without its HTTP server for one piece of work on its members, and closes it again. Given by
     * {@code Main}, so this package does not depend on the node's wiring.
     */
    @FunctionalInterface
    public interface MemberWork {
        <T> T run(java.util.function.Function<MemberService, io.vertx.core.Future<T>> work);
    }

    private static volatile MemberWork nodeAccess;

    /** Set once by {@code Main}, before the command line runs. */
    public static void useNode(MemberWork access) {
        nodeAccess = access;
    }

    static <T> T withNode(java.util.function.Function<MemberService, io.vertx.core.Future<T>> work) {
        return nodeAccess.run(work);
    }

    static String password(String given) {
        if (given != null) {
            return given;
        }
        Console console = System.console();
        if (console != null) {
            char[] typed = console.readPassword("Password (at least 10 characters): ");
            return typed == null ? "" : new String(typed);
        }
        try {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            return line == null ? "" : line;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the password from standard input", e);
        }
    }

    @Command(name = "create-member", description = "Create an active member. The password comes from --password, a prompt, or standard input.")
    static final class CreateMember implements Callable<Integer> {
        @Parameters(index = "0", description = "username: 1 to 30 of a-z, 0-9 and _")
        String username;

        @Option(names = "--role", defaultValue = "member", description = "member, coordinator or admin (default: ${DEFAULT-VALUE})")
        String role;

        @Option(names = "--password", description = "the password; omit it to be asked, or pipe it on standard input")
        String password;

        @Override
        public Integer call() {
            MemberRole r = MemberRole.parse(role).orElseThrow(() -> Problem.invalid("role", "error.role", "--role must be member, coordinator or admin"));
            String pw = password(password);
            withNode(s -> s.create(username, r, pw));
            System.out.println("created " + r.wire() + " " + username.trim().toLowerCase(java.util.Locale.ROOT));
            return 0;
        }
    }

    @Command(name = "reset-password", description = "Set a new password; the member's sessions and tokens end.")
    static final class ResetPassword implements Callable<Integer> {
        @Parameters(index = "0")
        String username;

        @Option(names = "--password", description = "the new password; omit it to be asked, or pipe it on standard input")
        String password;

        @Override
        public Integer call() {
            String pw = password(password);
            withNode(s -> s.resetPassword(username, pw));
            System.out.println("password changed for " + username);
            return 0;
        }
    }

    /** One member a line and nothing else (no header, no count), fields separated by a tab, for scripts and people. */
    @Command(name = "list-members", description = "List members, one a line: username, role, status, joined (tab-separated).")
    static final class ListMembers implements Callable<Integer> {
        @Override
        public Integer call() {
            Listing<MemberProfile> all = withNode(s -> s.list(Optional.empty(), 0, 100_000));
            for (MemberProfile p : all.items()) {
                System.out.printf("%s\t%s\t%s\t%s%n", p.member().username(), p.member().role().wire(), p.member().status().wire(),
                    p.member().createdAt().toString().substring(0, 10));
            }
            return 0;
        }
    }
}
