package org.mutua.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages of the node depend in one direction (docs/architecture.md): no two packages import each other,
 * directly or round a longer loop, and the protocol library never imports the node or its configuration. Read from
 * the sources, so a new import that closes a loop fails here.
 */
class PackageCyclesTest {
    private static final Pattern REFERENCE = Pattern.compile("org\\.mutua\\.server\\.([a-z]+)\\.[A-Z]|org\\.mutua\\.server\\.([A-Z]\\w*)");

    /** Package (the root package is "(root)") to the packages its sources name. */
    private static Map<String, Set<String>> graph(Path sources) throws IOException {
        Map<String, Set<String>> graph = new TreeMap<>();
        Path root = sources.resolve("org/mutua/server");
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Path dir = root.relativize(file.getParent());
                String pkg = dir.toString().isEmpty() ? "(root)" : dir.toString().replace('/', '.');
                Matcher m = REFERENCE.matcher(Files.readString(file));
                while (m.find()) {
                    String to = m.group(1) != null ? m.group(1) : "(root)";
                    if (!to.equals(pkg)) {
                        graph.computeIfAbsent(pkg, k -> new TreeSet<>()).add(to);
                    }
                }
                graph.computeIfAbsent(pkg, k -> new TreeSet<>());
            }
        }
        return graph;
    }

    @Test
    void noPackageOfTheNodeDependsOnItselfRoundALoop() throws IOException {
        Map<String, Set<String>> graph = graph(Path.of("src/main/java"));
        assertTrue(graph.containsKey("notices") && graph.containsKey("members"), graph.keySet().toString());
        List<String> loops = new ArrayList<>();
        for (String start : graph.keySet()) {
            findLoop(graph, start, start, new ArrayList<>(List.of(start)), new TreeSet<>(), loops);
        }
        assertEquals(List.of(), loops);
    }

    private static void findLoop(Map<String, Set<String>> graph, String start, String at, List<String> path, Set<String> seen,
                                 List<String> loops) {
        for (String next : graph.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                loops.add(String.join(" -> ", path) + " -> " + start);
            } else if (seen.add(next)) {
                path.add(next);
                findLoop(graph, start, next, path, seen, loops);
                path.remove(path.size() - 1);
            }
        }
    }

    @Test
    void theProtocolLibraryNamesNeitherTheNodeNorItsConfiguration() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("../federation/src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                assertFalse(source.contains("org.mutua.server"), file + " names the node");
                assertFalse(source.contains("org.mutua.config"), file + " names the node's configuration");
            }
        }
        assertFalse(Files.readString(Path.of("../federation/pom.xml")).contains("mutua-config"), "federation's pom depends on config");
    }
}
