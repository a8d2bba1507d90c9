package io.socketchat.commands;

import io.socketchat.server.ServerConfig;
import io.socketchat.testkit.TestCertificates;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * Every test of {@link ProtocolEndToEndTest} again, each client over TLS: the TLS listener
 * feeds the same input pipeline (framing, CRLF, long lines, UTF-8, blank lines, ordering).
 */
class ProtocolOverTlsEndToEndTest extends ProtocolEndToEndTest {

    @TempDir
    static Path certificateDirectory;
    private static TestCertificates certificates;
    private static TestCertificates.Leaf leaf;

    @Override
    ChatFixture start(ServerConfig.Builder config) {
        synchronized (ProtocolOverTlsEndToEndTest.class) {
            if (certificates == null) {
                certificates = TestCertificates.createCa(certificateDirectory);
                leaf = certificates.issue("localhost", "ec");
            }
        }
        return ChatFixture.startTls(config, certificates, leaf);
    }
}
