package org.mutua.server.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM flags the node ships with: the arguments of the Dockerfile's ENTRYPOINT between "java" and "-jar". README's
 * run command must carry the same ones; reading them fails when the two differ, so what is tested or measured with
 * them is what operators run.
 */
public final class ShippedJvmFlags {
    private ShippedJvmFlags() {
    }

    /** The repository root (Maven runs a module's tests and the bench from the module's folder). */
    public static Path root() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve("interop")) ? here : here.getParent();
    }

    public static List<String> read() throws IOException {
        String dockerfile = Files.readString(root().resolve("Dockerfile"));
        Matcher m = Pattern.compile("(?m)^ENTRYPOINT \\[(.*)]\\s*$").matcher(dockerfile);
        if (!m.find()) {
            throw new IllegalStateException("no ENTRYPOINT in Dockerfile");
        }
        List<String> args = new ArrayList<>();
        Matcher q = Pattern.compile("\"([^\"]*)\"").matcher(m.group(1));
        while (q.find()) {
            args.add(q.group(1));
        }
        List<String> flags = args.subList(args.indexOf("java") + 1, args.indexOf("-jar"));
        String readme = Files.readString(root().resolve("README.md"));
        String joined = String.join(" ", flags);
        if (!readme.contains("java " + joined + " -jar server/target/mutua.jar")) {
            throw new IllegalStateException("README's run command does not use the Dockerfile's JVM flags: " + joined);
        }
        return List.copyOf(flags);
    }
}
