package org.mutua.server;

import java.util.concurrent.Callable;
import org.mutua.config.ConfigException;
import org.mutua.config.MutuaConfig;
import org.mutua.server.cli.AdminCommand;
import org.mutua.server.database.DatabaseHandle;
import org.mutua.server.database.DatabaseStartException;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar mutua.jar [serve]} runs the node; {@code java -jar mutua.jar admin …} manages members, like
 * Mastodon's tootctl. Both read the same configuration (defaults, MUTUA_CONFIG_FILE, environment).
 */
@Command(name = "mutua", mixinStandardHelpOptions = true, version = "mutua 0.1.0",
    description = "A federated server for neighbourhood mutual aid.",
    subcommands = {Main.Serve.class, AdminCommand.class})
public final class Main implements Callable<Integer> {

    public static void main(String[] args) {
        smallFootprint();
        AdminCommand.useNode(Main::withMembers);
        int code;
        try {
            code = new CommandLine(new Main()).setExecutionExceptionHandler(Main::explain).execute(args);
        } catch (Throwable e) {
            // An Error (a class missing from a broken jar, out of memory) would end only the main thread, and the
            // event loops already started would keep a half-started node alive for good instead of letting the
            // supervisor restart it.
            LoggerFactory.getLogger(Main.class).error("start-up failed: {}", e.toString(), e);
            code = 1;
        }
        if (code != 0 || !(args.length == 0 || args[0].equals("serve"))) {
            System.exit(code);
        }
    }

    /**
     * Netty's pooled allocator keeps a 4 MiB chunk per arena, and makes two arenas per core for direct and for heap
     * buffers: most of them idle on a node that serves a neighbourhood. One of each is enough for two cores (the
     * benchmarks in docs/benchmarks.md saw no difference in speed). Set before any Netty class loads; an operator's
     * own -D flags win.
     */
    private static void smallFootprint() {
        for (String arenas : new String[] {"io.netty.allocator.numDirectArenas", "io.netty.allocator.numHeapArenas"}) {
            if (System.getProperty(arenas) == null) {
                System.setProperty(arenas, "1");
            }
        }
    }

    /** Opens the node without its HTTP server for one piece of admin work on its members, then closes it. */
    private static <T> T withMembers(java.util.function.Function<org.mutua.server.members.MemberService, io.vertx.core.Future<T>> work) {
        MutuaConfig config = loadConfig(true);
        try (DatabaseHandle db = DatabaseHandle.forAdminCommand(config); Node node = Node.open(config, db)) {
            return work.apply(node.services().members()).toCompletionStage().toCompletableFuture().join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** With no command, serve. */
    @Override
    public Integer call() {
        return new Serve().call();
    }

    @Command(name = "serve", description = "Run the node (the default).")
    static final class Serve implements Callable<Integer> {
        @Override
        public Integer call() {
            MutuaConfig config = loadConfig();
            DatabaseHandle db = DatabaseHandle.forServer(config);
            Node node;
            try {
                node = Node.open(config, db);
            } catch (RuntimeException e) {
                db.close();
                throw e;
            }
            // Registered before "ready" is printed, so a SIGTERM at any moment after it shuts down cleanly.
            Runtime.getRuntime().addShutdownHook(new Thread(node::close, "mutua-shutdown"));
            node.serve();
            return 0;
        }
    }

    /** Loads configuration and sets up logging from it, before the first logger exists. */
    public static MutuaConfig loadConfig() {
        return loadConfig(false);
    }

    /**
     * For an admin command, logs go to standard error and only warnings and errors (or debug when asked): its
     * standard output is its answer alone, for people and for scripts.
     */
    static MutuaConfig loadConfig(boolean adminCommand) {
        MutuaConfig config = MutuaConfig.fromEnvironment();
        System.setProperty("mutua.log.format", config.logFormat(System.console() != null));
        String level = adminCommand && !config.logLevel().equals("debug") ? "warn" : config.logLevel();
        System.setProperty("mutua.log.level", level.toUpperCase(java.util.Locale.ROOT));
        if (adminCommand) {
            System.setProperty("mutua.log.target", "System.err");
            System.setProperty("mutua.log.root", "WARN");
        }
        if (config.devAllowHttp() || config.devAllowPrivateAddresses()) {
            LoggerFactory.getLogger(Main.class).warn("development settings are on (MUTUA_DEV_ALLOW_HTTP={}, MUTUA_DEV_ALLOW_PRIVATE_ADDRESSES={}); never use them in production",
                config.devAllowHttp(), config.devAllowPrivateAddresses());
        }
        return config;
    }

    /** Configuration and database problems are one line an operator can act on, not a stack trace. */
    private static int explain(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        if (e instanceof ConfigException) {
            System.err.println("mutua: configuration error: " + e.getMessage());
            return 2;
        }
        if (e instanceof DatabaseStartException) {
            System.err.println("mutua: database error: " + e.getMessage());
            return 3;
        }
        if (e instanceof org.mutua.server.problems.Problem p) {
            System.err.println("mutua: " + p.getMessage());
            return 1;
        }
        throw new IllegalStateException(e);
    }
}
