package io.socketchat.console;

import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** {@code --version}: the build's version and the JVM it runs on. */
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
                "chat-server " + properties.getProperty("version", "unknown"),
                "JVM: " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
    }
}
