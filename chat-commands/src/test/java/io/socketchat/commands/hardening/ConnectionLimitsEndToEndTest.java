package io.socketchat.commands.hardening;

import io.socketchat.server.ChatServer;
import io.socketchat.testkit.TestClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** --max-per-ip, --max-clients and --exempt over real sockets. */
class ConnectionLimitsEndToEndTest {

    @Test
    void aThirdConnectionFromOneAddressIsToldAndClosedLoggedInOrNot() {
        try (LogCapture logs = LogCapture.server();
             ChatServer server = Servers.start(b -> b.maxPerIp(2).exempt(List.of()));
             TestClient loggedIn = TestClient.login(server.port(), "alice");
             TestClient anonymous = TestClient.connect(server.port())) {

            TestClient third = TestClient.connect(server.port());
            assertThat(third.readUntilClosed()).containsExactly("ERR too-many-connections");
            third.close();

            assertThat(logs.tagged("[REJECT]")).singleElement().asString()
                    .contains("reason=too-many-connections");
            loggedIn.send("PING");
            assertThat(loggedIn.readLine()).isEqualTo("PONG");
            anonymous.send("PING");
            assertThat(anonymous.readLine()).isEqualTo("PONG");
        }
    }

    @Test
    void aClosedConnectionFreesItsPlaceForTheNextOne() {
        try (ChatServer server = Servers.start(b -> b.maxPerIp(1).exempt(List.of()))) {
            TestClient first = TestClient.login(server.port(), "alice");
            try (TestClient second = TestClient.connect(server.port())) {
                assertThat(second.readUntilClosed()).containsExactly("ERR too-many-connections");
            }

            first.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> server.stats().openConnections() == 0);

            try (TestClient next = TestClient.login(server.port(), "bob")) {
                next.send("PING");
                assertThat(next.readLine()).isEqualTo("PONG");
            }
        }
    }

    @Test
    void exemptAddressesSkipThePerAddressLimit() {
        try (ChatServer server = Servers.start(b -> b.maxPerIp(2))) { // default exemption: loopback
            List<TestClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 5; i++) {
                    clients.add(TestClient.login(server.port(), "user" + i));
                }
                assertThat(server.stats().openConnections()).isEqualTo(5);
            } finally {
                clients.forEach(TestClient::close);
            }
        }
    }

    @Test
    void pastMaxClientsEveryoneIsToldTheServerIsFullEvenExemptAddresses() throws Exception {
        List<TestClient> clients = new ArrayList<>();
        try (LogCapture logs = LogCapture.server();
             ChatServer server = Servers.start(b -> b.maxClients(3));
             AutoCloseable closeClientsFirst = () -> clients.forEach(TestClient::close)) {
            for (int i = 0; i < 3; i++) {
                clients.add(TestClient.connect(server.port()));
            }
            TestClient fourth = TestClient.connect(server.port());
            assertThat(fourth.readUntilClosed()).containsExactly("ERR server-full");
            fourth.close();
            assertThat(logs.tagged("[REJECT]")).singleElement().asString().contains("reason=server-full");

            clients.removeFirst().close();
            await().atMost(Duration.ofSeconds(10)).until(() -> server.stats().openConnections() == 2);
            try (TestClient next = TestClient.login(server.port(), "late")) {
                next.send("PING");
                assertThat(next.readLine()).isEqualTo("PONG");
            }
        }
    }
}
