package org.mutua.web;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The folders under {@code org/mutua/web/} that hold message bundles: {@code i18n} (the shared words) first, then
 * every feature's folder in name order. Found by listing the class path entry this class came from (the web jar, the
 * node's single jar, or {@code target/classes} in tests), so a feature adds its bundle without editing this module.
 */
final class BundleFolders {
    private static final String ROOT = "org/mutua/web/";
    private static final Pattern BUNDLE = Pattern.compile(Pattern.quote(ROOT) + "([a-z0-9-]+)/messages_[a-z]+\\.properties");

    private BundleFolders() {
    }

    static List<String> find() {
        TreeSet<String> features = new TreeSet<>();
        // A file, not the folder: jars need not list folders as entries.
        URL root = BundleFolders.class.getResource("/" + ROOT + "i18n/messages_" + Messages.FALLBACK + ".properties");
        if (root == null) {
            throw new IllegalStateException("Missing message bundle org/mutua/web/i18n/messages_" + Messages.FALLBACK + ".properties");
        }
        try {
            if (root.getProtocol().equals("jar")) {
                JarURLConnection connection = (JarURLConnection) root.openConnection();
                connection.setUseCaches(false);
                try (JarFile jar = connection.getJarFile()) {
                    for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                        add(features, e.nextElement().getName());
                    }
                }
            } else if (root.getProtocol().equals("file")) {
                File web = new File(root.toURI()).getParentFile().getParentFile();
                File[] folders = web.listFiles(File::isDirectory);
                for (File folder : folders == null ? new File[0] : folders) {
                    String[] names = folder.list();
                    for (String name : names == null ? new String[0] : names) {
                        add(features, ROOT + folder.getName() + "/" + name);
                    }
                }
            } else {
                throw new IllegalStateException("cannot list message bundles at " + root);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list message bundles at " + root, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        features.remove("i18n");
        List<String> all = new java.util.ArrayList<>(List.of("i18n"));
        all.addAll(features);
        return all;
    }

    private static void add(TreeSet<String> features, String entry) {
        Matcher m = BUNDLE.matcher(entry);
        if (m.matches()) {
            features.add(m.group(1));
        }
    }
}
