package io.socketchat.console;

import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** {@code --version}: the build's version, the commit it was built from, and the JVM it runs on. */
final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("/socketchat-version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        }
        return new String[] {
                "chat-server " + properties.getProperty("version", "unknown") + " (commit " + commit(properties) + ")",
                "JVM: " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
    }

    /** The commit, with "+changes" for a build from a tree that differed from it; "unknown" outside git. */
    private static String commit(Properties properties) {
        String commit = properties.getProperty("commit", "");
        if (commit.isBlank() || commit.startsWith("${")) {
            return "unknown";
        }
        return "true".equals(properties.getProperty("dirty")) ? commit + "+changes" : commit;
    }
}
