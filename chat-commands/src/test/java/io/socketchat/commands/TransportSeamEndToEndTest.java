package io.socketchat.commands;

import io.socketchat.server.ChatServer;
import io.socketchat.testkit.TestClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A transport written outside the core, on its exported seam only, carries sessions like the
 * server's own listeners: one chat with TCP users, the same replies, limits and admission. The
 * transport frames each line as one message (as a WebSocket adapter does), over real sockets.
 */
class TransportSeamEndToEndTest {

    @Test
    void aMessageFramedClientChatsWithATcpClient() throws Exception {
        try (ChatFixture chat = ChatFixture.start();
             FramedTransport framed = FramedTransport.listen(chat.server());
             FramedTransport.Client alice = new FramedTransport.Client(framed.address())) {
            alice.send("LOGIN alice");
            assertThat(alice.read()).isEqualTo("OK");
            TestClient bob = chat.login("bob");

            alice.send("MSG hello from a framed transport");
            assertThat(bob.readLine()).isEqualTo("MSG alice hello from a framed transport");
            bob.send("DM alice hi there");
            assertThat(alice.read()).isEqualTo("DM bob hi there");
            alice.send("WHO");
            assertThat(List.of(alice.read(), alice.read())).containsExactly("USER alice", "USER bob");
            alice.send("PING");
            assertThat(alice.read()).isEqualTo("PONG");
            alice.send("NOPE");
            assertThat(alice.read()).isEqualTo("ERR unknown-cmd");
        }
    }

    @Test
    void aMessageOverTheLineLimitIsAnsweredAsOnAStreamAndTheSessionGoesOn() throws Exception {
        try (ChatFixture chat = ChatFixture.start(ChatFixture.config().maxLineBytes(64));
             FramedTransport framed = FramedTransport.listen(chat.server());
             FramedTransport.Client alice = new FramedTransport.Client(framed.address())) {
            alice.send("LOGIN alice");
            assertThat(alice.read()).isEqualTo("OK");
            alice.send("MSG " + "x".repeat(100));
            assertThat(alice.read()).isEqualTo("ERR line-too-long");
            alice.send("PING");
            assertThat(alice.read()).isEqualTo("PONG");
        }
    }

    @Test
    void theSharedAdmissionRefusesOverThePerAddressLimitAndCountsFramedAndTcpClientsAlike() throws Exception {
        try (ChatFixture chat = ChatFixture.start(ChatFixture.config().maxPerIp(2).exempt(List.of()));
             FramedTransport framed = FramedTransport.listen(chat.server())) {
            List<FramedTransport.Client> clients = new ArrayList<>();
            try {
                FramedTransport.Client first = new FramedTransport.Client(framed.address());
                clients.add(first);
                first.send("LOGIN first");
                assertThat(first.read()).isEqualTo("OK");
                TestClient tcp = chat.login("second");
                assertThat(tcp.send("PING").readLine()).isEqualTo("PONG");

                FramedTransport.Client third = new FramedTransport.Client(framed.address());
                clients.add(third);
                assertThat(third.read()).isEqualTo("ERR too-many-connections");
                assertThat(third.read()).as("then closed").isNull();

                first.close();
                await().atMost(Duration.ofSeconds(10)).until(() -> chat.server().users().size() == 1);
                FramedTransport.Client fourth = new FramedTransport.Client(framed.address());
                clients.add(fourth);
                fourth.send("LOGIN fourth");
                assertThat(fourth.read()).as("the first one's slot was given back").isEqualTo("OK");
            } finally {
                for (FramedTransport.Client client : clients) {
                    client.close();
                }
            }
        }
    }

    @Test
    void kickAndShutdownReachAFramedClientAsTheirLastMessage() throws Exception {
        ChatFixture chat = ChatFixture.start();
        try (FramedTransport framed = FramedTransport.listen(chat.server());
             FramedTransport.Client alice = new FramedTransport.Client(framed.address());
             FramedTransport.Client bob = new FramedTransport.Client(framed.address())) {
            alice.send("LOGIN alice");
            assertThat(alice.read()).isEqualTo("OK");
            bob.send("LOGIN bob");
            assertThat(bob.read()).isEqualTo("OK");

            assertThat(chat.server().kick("bob", "testing", "console")).isTrue();
            assertThat(bob.read()).isEqualTo("INFO kicked by operator: testing");
            assertThat(bob.read()).isNull();
            assertThat(alice.read()).isEqualTo("INFO bob disconnected");

            ChatServer server = chat.server();
            Thread shutdown = Thread.ofVirtual().start(server::shutdown);
            assertThat(alice.read()).isEqualTo("INFO server shutting down");
            assertThat(alice.read()).isNull();
            shutdown.join();
        } finally {
            chat.close();
        }
    }
}
