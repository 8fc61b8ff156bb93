package dev.estimator.stack;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The classpath of this JVM as a list a child {@code java -cp} accepts. Surefire and Failsafe start tests
 * through a manifest-only jar whose {@code Class-Path} holds the real entries, so such jars are expanded.
 */
final class JvmClasspath {

    private JvmClasspath() {
    }

    static String current() {
        Set<String> entries = new LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            entries.add(entry);
            Path path = Path.of(entry);
            if (entry.endsWith(".jar") && Files.isRegularFile(path)) {
                entries.addAll(manifestClassPath(path));
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static Set<String> manifestClassPath(Path jar) {
        Set<String> entries = new LinkedHashSet<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String classPath = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            if (classPath == null) {
                return entries;
            }
            URI base = jar.toAbsolutePath().toUri();
            for (String token : classPath.trim().split("\\s+")) {
                if (!token.isEmpty()) {
                    entries.add(Path.of(base.resolve(token)).toString());
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            // Not a readable jar or an entry that is not a file URI: the entry itself is still on the list.
        }
        return entries;
    }
}
