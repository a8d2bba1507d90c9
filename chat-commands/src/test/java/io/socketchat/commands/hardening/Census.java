package io.socketchat.commands.hardening;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What this JVM holds now: live threads, virtual ones included, and heap in use after a GC.
 *
 * <p>Virtual threads are invisible to {@code Thread.getAllStackTraces()} and ThreadMXBean, so
 * threads are counted from the JDK's JSON thread dump (HotSpotDiagnosticMXBean.dumpThreads),
 * which lists every thread, virtual ones marked {@code "virtual": true}. It is reached by
 * reflection so the test module needs no compile-time access to jdk.management; surefire adds
 * the module with {@code --add-modules jdk.management}.
 *
 * @param virtualThreads  live virtual threads (a session's reader, an active writer, ...)
 * @param platformThreads live platform threads (carriers, timers, JVM threads)
 * @param heapUsedBytes   heap in use right after a full GC request
 */
record Census(int virtualThreads, int platformThreads, long heapUsedBytes) {

    private static final Pattern TID = Pattern.compile("\"tid\"");
    private static final Pattern VIRTUAL = Pattern.compile("\"virtual\"\\s*:\\s*true");

    static Census take() {
        String dump = threadDumpJson();
        int all = count(TID, dump);
        int virtual = count(VIRTUAL, dump);
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        long heap = runtime.totalMemory() - runtime.freeMemory();
        return new Census(virtual, all - virtual, heap);
    }

    private static String threadDumpJson() {
        try {
            Path dir = Files.createTempDirectory("census");
            Path file = dir.resolve("threads.json");
            Class<?> factory = Class.forName("java.lang.management.ManagementFactory");
            Class<?> diagnostics = Class.forName("com.sun.management.HotSpotDiagnosticMXBean");
            Class<?> format = Class.forName("com.sun.management.HotSpotDiagnosticMXBean$ThreadDumpFormat");
            Object bean = factory.getMethod("getPlatformMXBean", Class.class).invoke(null, diagnostics);
            Object json = format.getField("JSON").get(null);
            diagnostics.getMethod("dumpThreads", String.class, format).invoke(bean, file.toString(), json);
            String text = Files.readString(file);
            Files.delete(file);
            Files.delete(dir);
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ReflectiveOperationException e) {
            Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
            throw new IllegalStateException("cannot dump threads (is jdk.management added?)", cause);
        }
    }

    private static int count(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }
}
