package io.socketchat.testkit;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Compiles a few Java sources in memory-cheap steps (the JDK's own compiler, in process) and
 * writes them as a jar: how tests make plugin jars, good and broken, without checking binary
 * jars into the repository. With a {@code module-info.java} among the sources it compiles a
 * module against {@link #modulePath}; without, plain classes against the same entries as a
 * class path.
 */
public final class JarBuilder {

    private final Map<String, String> sources = new LinkedHashMap<>();
    private final Map<String, byte[]> extraEntries = new LinkedHashMap<>();
    private final List<Path> modulePath = new ArrayList<>();
    private String moduleVersion;
    private Path workDirectory;

    public static JarBuilder create() {
        return new JarBuilder();
    }

    /** A source file, e.g. {@code source("com/example/Foo.java", "package com.example; ...")}. */
    public JarBuilder source(String path, String code) {
        sources.put(path, code);
        return this;
    }

    /** A file copied into the jar as is, e.g. {@code META-INF/services/...}. */
    public JarBuilder entry(String name, String text) {
        extraEntries.put(name, text.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** Directories and jars the sources compile against. */
    public JarBuilder modulePath(Collection<Path> entries) {
        modulePath.addAll(entries);
        return this;
    }

    /** {@code javac --module-version}: the version the compiled module carries. */
    public JarBuilder moduleVersion(String version) {
        moduleVersion = version;
        return this;
    }

    /** Where sources and classes are written (default: a new temporary directory). */
    public JarBuilder workDirectory(Path directory) {
        workDirectory = directory;
        return this;
    }

    private Path scratch(String prefix) throws IOException {
        if (workDirectory == null) {
            return Files.createTempDirectory(prefix);
        }
        Files.createDirectories(workDirectory);
        return Files.createTempDirectory(workDirectory, prefix);
    }

    /** What the compiler said. */
    public record Compilation(boolean success, String diagnostics) {
    }

    /** Compiles into {@code classes}; the result says whether it worked and why not. */
    public Compilation compile(Path classes) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new IllegalStateException("no system Java compiler: tests must run on a JDK, not a JRE");
        }
        try {
            Path sourceRoot = scratch("src");
            List<Path> files = new ArrayList<>();
            for (Map.Entry<String, String> source : sources.entrySet()) {
                Path file = sourceRoot.resolve(source.getKey());
                Files.createDirectories(file.getParent() == null ? sourceRoot : file.getParent());
                Files.writeString(file, source.getValue());
                files.add(file);
            }
            Files.createDirectories(classes);
            List<String> options = new ArrayList<>(List.of("-d", classes.toString(), "-Xlint:none", "-proc:none"));
            String path = modulePath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
            boolean modular = sources.containsKey("module-info.java");
            if (!path.isEmpty()) {
                options.addAll(List.of(modular ? "--module-path" : "--class-path", path));
            }
            if (moduleVersion != null) {
                options.addAll(List.of("--module-version", moduleVersion));
            }
            DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
            try (StandardJavaFileManager fileManager = compiler.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
                boolean success = compiler.getTask(null, fileManager, diagnostics, options, null,
                        fileManager.getJavaFileObjectsFromPaths(files)).call();
                String text = diagnostics.getDiagnostics().stream()
                        .map(d -> d.getKind() + ": " + d.getMessage(null))
                        .collect(Collectors.joining("\n"));
                return new Compilation(success, text);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Compiles (failing loudly on a compiler error) and writes the jar; returns {@code jar}. */
    public Path buildJar(Path jar) {
        try {
            Path classes = scratch("classes");
            Compilation compilation = compile(classes);
            if (!compilation.success()) {
                throw new AssertionError("test jar " + jar.getFileName() + " did not compile:\n" + compilation.diagnostics());
            }
            writeJar(classes, jar);
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Compiles into a directory (an exploded module), failing loudly on a compiler error. */
    public Path buildClasses(Path classes) {
        Compilation compilation = compile(classes);
        if (!compilation.success()) {
            throw new AssertionError("test classes did not compile:\n" + compilation.diagnostics());
        }
        return classes;
    }

    private void writeJar(Path classes, Path jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        Files.createDirectories(jar.toAbsolutePath().getParent());
        try (OutputStream file = Files.newOutputStream(jar);
             JarOutputStream out = new JarOutputStream(file, manifest);
             Stream<Path> tree = Files.walk(classes)) {
            for (Path path : tree.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(path).toString().replace('\\', '/')));
                Files.copy(path, out);
                out.closeEntry();
            }
            for (Map.Entry<String, byte[]> entry : extraEntries.entrySet()) {
                out.putNextEntry(new JarEntry(entry.getKey()));
                out.write(entry.getValue());
                out.closeEntry();
            }
        }
    }
}
