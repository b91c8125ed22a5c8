package org.mutua.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each feature's messages live in its own web folder and are found on the class path, from a directory or a jar. */
class BundleFoldersTest {

    @Test
    void theSharedWordsComeFirstThenEveryFeaturesFolder() {
        List<String> folders = BundleFolders.find();
        assertEquals("i18n", folders.get(0));
        assertTrue(folders.containsAll(List.of("members", "follows", "notices")), folders.toString());
    }

    @Test
    void everyLanguageHasEachFeaturesWords() {
        for (String lang : Messages.SUPPORTED) {
            Messages m = Messages.forLanguage(lang);
            assertTrue(m.keys().stream().anyMatch(k -> k.startsWith("notices.")), lang + " notices");
            assertTrue(m.keys().stream().anyMatch(k -> k.startsWith("followers.")), lang + " follows");
            assertTrue(m.has("signup.heading"), lang + " members");
        }
    }

    @Test
    void bundlesAreFoundInsideAJarToo(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("web.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String entry : new String[] {"org/mutua/web/i18n/messages_en.properties", "org/mutua/web/requests/messages_en.properties"}) {
                out.putNextEntry(new JarEntry(entry));
                out.write("x=y\n".getBytes());
                out.closeEntry();
            }
            String cls = "org/mutua/web/BundleFolders.class";
            out.putNextEntry(new JarEntry(cls));
            out.write(BundleFolders.class.getClassLoader().getResourceAsStream(cls).readAllBytes());
            out.closeEntry();
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            Class<?> folders = Class.forName("org.mutua.web.BundleFolders", true, loader);
            var find = folders.getDeclaredMethod("find");
            find.setAccessible(true);
            assertEquals(List.of("i18n", "requests"), find.invoke(null));
        }
    }
}
