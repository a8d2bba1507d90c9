package io.socketchat.commands;

import io.socketchat.server.ServerConfig;
import io.socketchat.server.store.MessageStore;
import io.socketchat.testkit.TestCertificates;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** Every test of {@link RoomsEndToEndTest} again, each client over TLS. */
class RoomsOverTlsEndToEndTest extends RoomsEndToEndTest {

    @TempDir
    static Path certificateDirectory;
    private static TestCertificates certificates;
    private static TestCertificates.Leaf leaf;

    @Override
    ChatFixture start(ServerConfig.Builder config, MessageStore store) {
        synchronized (RoomsOverTlsEndToEndTest.class) {
            if (certificates == null) {
                certificates = TestCertificates.createCa(certificateDirectory);
                leaf = certificates.issue("localhost", "ec");
            }
        }
        return ChatFixture.startTlsWithStore(config, certificates, leaf, store);
    }
}
