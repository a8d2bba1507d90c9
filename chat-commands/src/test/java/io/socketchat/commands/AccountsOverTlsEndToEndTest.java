package io.socketchat.commands;

import io.socketchat.server.AccountSettings;
import io.socketchat.server.Cidr;
import io.socketchat.testkit.TestCertificates;
import io.socketchat.testkit.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Every test of {@link AccountsEndToEndTest} again, each client over TLS (plain TCP where a test says so). */
class AccountsOverTlsEndToEndTest extends AccountsEndToEndTest {

    @TempDir
    static Path certificateDirectory;
    private static TestCertificates certificates;
    private static TestCertificates.Leaf leaf;

    @Override
    ChatFixture start(AccountSettings settings) {
        synchronized (AccountsOverTlsEndToEndTest.class) {
            if (certificates == null) {
                certificates = TestCertificates.createCa(certificateDirectory);
                leaf = leaf(certificates);
            }
        }
        store = openStore(dataDirectory);
        return ChatFixture.startWithAccounts(config(), store, settings, clock::get, certificates, leaf);
    }

    @Test
    void tlsIsAlwaysAllowedToCarryPasswords() {
        chat = start(settings().withPlaintextAuthFrom(Cidr.parseList("none")));
        TestClient ann = chat.login("ann");
        ann.send("REGISTER " + SECRET);
        assertThat(ann.readLine()).isEqualTo("OK");
        ann.send("PASSWORD " + SECRET + " " + OTHER);
        assertThat(ann.readLine()).isEqualTo("OK");
        TestClient plain = chat.connectPlain();
        plain.send("AUTH ann " + OTHER);
        assertThat(plain.readLine()).isEqualTo("ERR tls-required");
        ann.close();
        TestClient again = chat.connect();
        again.send("AUTH ann " + OTHER);
        assertThat(again.readLine()).isEqualTo("OK");
    }
}
