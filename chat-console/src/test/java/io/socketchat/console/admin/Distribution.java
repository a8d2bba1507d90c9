package io.socketchat.console.admin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The packaged {@code chat-server} launcher that the *IT tests run, and the environment for it. */
final class Distribution {

    private Distribution() {
    }

    static Path launcher() {
        String dir = System.getProperty("dist.dir");
        if (dir == null) {
            throw new IllegalStateException("system property dist.dir is not set (run through Maven failsafe)");
        }
        Path launcher = Path.of(dir, "bin", "chat-server");
        if (!Files.isExecutable(launcher)) {
            throw new IllegalStateException(launcher + " is missing: the package phase must run before the *IT tests");
        }
        return launcher;
    }

    /** The JDK running the tests (plain {@code java} on PATH may be too old), and a private home. */
    static void configure(Map<String, String> environment, Path home) {
        environment.put("JAVA_HOME", Path.of(System.getProperty("java.home")).toString());
        // user.home comes from the password database, not $HOME: set it so history goes to the test's directory
        environment.put("JAVA_OPTS", "-Duser.home=" + home);
        environment.put("CHAT_DATA_DIR", home.resolve("data").toString()); // history in the test's directory too
        environment.remove("CHAT_ADMIN_SOCKET");
        environment.remove("CHAT_PORT");
        environment.remove("PORT");
        environment.put("CHAT_NO_HTTP", "true"); // tests never bind the default HTTP port
    }
}
