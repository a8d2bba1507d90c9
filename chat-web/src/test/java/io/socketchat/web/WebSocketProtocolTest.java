package io.socketchat.web;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.socketchat.store.sqlite.SqliteStore;
import io.socketchat.store.sqlite.StoreSettings;
import io.socketchat.testkit.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The WebSocket transport over real sockets with the JDK's WebSocket client (and a raw frame
 * writer for what it will not send): every row of the protocol table, next to TCP users in the
 * same chat; the origin check; binary, oversized and non-UTF-8 messages; the slow-client cut.
 */
class WebSocketProtocolTest {

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger webLogger = (Logger) LoggerFactory.getLogger("io.socketchat.web");

    @BeforeEach
    void captureLog() {
        log.start();
        webLogger.addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        webLogger.detachAppender(log);
    }

    private long logged(String fragment) {
        return log.list.stream().filter(e -> e.getFormattedMessage().contains(fragment)).count();
    }

    @Test
    void everyProtocolRowOverWebSocketWithATcpUserInTheSameChat() {
        try (WebFixture chat = WebFixture.start()) {
            WsClient early = chat.connect();
            assertThat(early.send("PING").read()).as("PING before login").isEqualTo("PONG");
            assertThat(early.send("WHO").read()).isEqualTo("ERR not-logged-in");
            assertThat(early.send("LOGIN a b").read()).isEqualTo("ERR invalid-username");

            WsClient alice = chat.login("alice");
            TestClient bob = chat.tcpLogin("bob");
            assertThat(early.send("LOGIN Alice").read()).as("names ignore case").isEqualTo("ERR username-taken");
            assertThat(alice.send("LOGIN alice2").read()).isEqualTo("ERR already-logged-in");

            alice.send("MSG hello from a browser");
            assertThat(bob.readLine()).isEqualTo("MSG alice hello from a browser");
            bob.send("MSG hello from ncat");
            assertThat(alice.read()).isEqualTo("MSG bob hello from ncat");
            bob.send("DM alice psst");
            assertThat(alice.read()).isEqualTo("DM bob psst");
            alice.send("DM bob back");
            assertThat(bob.readLine()).isEqualTo("DM alice back");
            assertThat(alice.send("DM nobody hi").read()).isEqualTo("ERR user-not-found");
            assertThat(alice.send("MSG").read()).isEqualTo("ERR usage: MSG <text>");
            assertThat(alice.send("DM bob").read()).isEqualTo("ERR usage: DM <username> <text>");
            alice.send("WHO");
            assertThat(List.of(alice.read(), alice.read())).containsExactly("USER alice", "USER bob");
            assertThat(alice.send("PING").read()).isEqualTo("PONG");
            assertThat(alice.send("QUIT").read()).isEqualTo("ERR unknown-cmd");
            assertThat(alice.send("MSG bell\u0007").read()).isEqualTo("ERR invalid-text");

            alice.close();
            assertThat(bob.readLine()).isEqualTo("INFO alice disconnected");
        }
    }

    @Test
    void theRoomAndHistoryRowsOverWebSocketWithATcpMember(@TempDir Path dataDir) throws Exception {
        try (WebFixture chat = WebFixture.start(WebFixture.config(), WebFixture.web(),
                SqliteStore.open(StoreSettings.in(dataDir)))) {
            WsClient alice = chat.login("alice");
            TestClient bob = chat.tcpLogin("bob");
            assertThat(alice.send("SAY #java hi").read()).isEqualTo("ERR not-in-room");
            assertThat(alice.send("JOIN java").read()).isEqualTo("ERR invalid-room");
            alice.send("JOIN #Java");
            assertThat(List.of(alice.read(), alice.read(), alice.read(), alice.read()))
                    .containsExactly("OK", "MEMBERS #Java alice", "END MEMBERS #Java", "END HISTORY #Java");
            assertThat(alice.send("JOIN #java").read()).isEqualTo("ERR already-in-room");
            bob.send("JOIN #java");
            assertThat(bob.readLine()).isEqualTo("OK");
            assertThat(alice.read()).isEqualTo("JOIN #Java bob");
            assertThat(List.of(bob.readLine(), bob.readLine(), bob.readLine()))
                    .containsExactly("MEMBERS #Java alice bob", "END MEMBERS #Java", "END HISTORY #Java");
            alice.send("SAY #java one");
            assertThat(bob.readLine()).isEqualTo("SAY #Java alice one");
            bob.send("SAY #java two");
            assertThat(alice.read()).isEqualTo("SAY #Java bob two");
            assertThat(alice.send("TOPIC #java Java talk").read()).isEqualTo("OK");
            assertThat(bob.readLine()).isEqualTo("TOPIC #Java alice Java talk");
            alice.send("ROOMS");
            assertThat(List.of(alice.read(), alice.read())).containsExactly("ROOM #Java 2 Java talk", "END ROOMS");
            alice.send("HISTORY #java 1");
            String newest = alice.read();
            assertThat(newest).startsWith("HIST #Java ").endsWith(" bob two");
            assertThat(alice.read()).isEqualTo("END HISTORY #Java");
            long id = Long.parseLong(newest.split(" ")[2]);
            alice.send("HISTORY #java 5 BEFORE " + id);
            assertThat(alice.read()).startsWith("HIST #Java ").endsWith(" alice one");
            assertThat(alice.read()).isEqualTo("END HISTORY #Java");
            assertThat(alice.send("HISTORY #java x").read()).isEqualTo("ERR usage: HISTORY #room [<count>] [BEFORE <id>]");
            assertThat(alice.send("PART #java").read()).isEqualTo("OK");
            assertThat(bob.readLine()).isEqualTo("PART #Java alice");
            assertThat(alice.send("PART #java").read()).isEqualTo("ERR not-in-room");
        }
    }

    @Test
    void aMessageOverTheLineLimitIsAnsweredAsOnTcpAndTheSessionGoesOn() {
        try (WebFixture chat = WebFixture.start(WebFixture.config().maxLineBytes(100), WebFixture.web())) {
            WsClient alice = chat.login("alice");
            assertThat(alice.send("MSG " + "x".repeat(200)).read()).isEqualTo("ERR line-too-long");
            alice.send("MSG " + "é".repeat(48)); // 100 bytes: within the limit, so delivered with no reply
            assertThat(alice.send("PING").read()).isEqualTo("PONG");
            WsClient early = chat.connect();
            assertThat(early.send("LOGIN " + "y".repeat(2000)).read()).as("1 KiB before login, as on TCP")
                    .isEqualTo("ERR line-too-long");
            assertThat(logged("fault=line-too-long")).isEqualTo(2);
        }
    }

    @Test
    void aMessageInFragmentsIsOneLineAndOneTooLongInFragmentsGetsOneError() {
        try (WebFixture chat = WebFixture.start(WebFixture.config().maxLineBytes(100), WebFixture.web());
             RawWebSocket raw = chat.raw()) {
            raw.text("LOGIN carol");
            assertThat(raw.readText()).isEqualTo("OK");
            TestClient bob = chat.tcpLogin("bob");
            raw.frame(RawWebSocket.TEXT, false, "MSG one line ".getBytes(StandardCharsets.UTF_8));
            raw.frame(RawWebSocket.CONTINUATION, false, "in three ".getBytes(StandardCharsets.UTF_8));
            raw.frame(RawWebSocket.CONTINUATION, true, "fragments".getBytes(StandardCharsets.UTF_8));
            assertThat(bob.readLine()).isEqualTo("MSG carol one line in three fragments");

            for (int i = 0; i < 3; i++) {
                raw.frame(i == 0 ? RawWebSocket.TEXT : RawWebSocket.CONTINUATION, i == 2,
                        ("MSG " + "w".repeat(60)).getBytes(StandardCharsets.UTF_8));
            }
            assertThat(raw.readText()).isEqualTo("ERR line-too-long");
            raw.text("PING");
            assertThat(raw.readText()).as("one error for the whole message").isEqualTo("PONG");
        }
    }

    @Test
    void textThatIsNotUtf8IsAnsweredAsOnTcpAndTheSessionGoesOn() {
        try (WebFixture chat = WebFixture.start(); RawWebSocket raw = chat.raw()) {
            raw.text("LOGIN carol");
            assertThat(raw.readText()).isEqualTo("OK");
            TestClient bob = chat.tcpLogin("bob");
            raw.frame(RawWebSocket.TEXT, true, new byte[] {'M', 'S', 'G', ' ', (byte) 0xC3, (byte) 0x28});
            assertThat(raw.readText()).isEqualTo("ERR invalid-utf8");
            raw.text("MSG still here");
            assertThat(bob.readLine()).isEqualTo("MSG carol still here");
            raw.text("PING");
            assertThat(raw.readText()).isEqualTo("PONG");
        }
    }

    @Test
    void aBinaryFrameIsClosedAsUnsupportedDataAndLoggedOnce() {
        try (WebFixture chat = WebFixture.start()) {
            WsClient alice = chat.login("alice");
            TestClient bob = chat.tcpLogin("bob");
            alice.sendBinary(new byte[] {1, 2, 3});
            assertThat(alice.closeCode()).isEqualTo(1003);
            assertThat(bob.readLine()).isEqualTo("INFO alice disconnected");
            assertThat(logged("fault=binary-frame")).isEqualTo(1);
            assertThat(bob.send("PING").readLine()).isEqualTo("PONG");
        }
    }

    @Test
    void aPageFromAnotherOriginCannotOpenASocketButTheServersOwnPageCan() {
        try (WebFixture chat = WebFixture.start()) {
            assertThatThrownBy(() -> chat.connect("Origin", "https://evil.example"))
                    .isInstanceOf(WsClient.HandshakeFailed.class)
                    .cause().isInstanceOf(WebSocketHandshakeException.class)
                    .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(403));
            assertThat(logged("refused=origin origin=\"https://evil.example\"")).isEqualTo(1);

            WsClient own = chat.connect("Origin", "http://127.0.0.1:" + chat.httpPort());
            assertThat(own.send("PING").read()).isEqualTo("PONG");
        }
    }

    @Test
    void allowedOriginsReplaceTheServersOwn() {
        WebSettings settings = new WebSettings(java.net.InetAddress.getLoopbackAddress(), 0, List.of(),
                List.of("https://chat.example.org"));
        try (WebFixture chat = WebFixture.start(WebFixture.config(), settings)) {
            assertThat(chat.connect("Origin", "https://chat.example.org/").send("PING").read()).isEqualTo("PONG");
            assertThatThrownBy(() -> chat.connect("Origin", "http://127.0.0.1:" + chat.httpPort()))
                    .isInstanceOf(WsClient.HandshakeFailed.class);
        }
    }

    @Test
    void aClientThatStopsReadingIsCutOffAsSlowWhileOthersGoOn() {
        try (WebFixture chat = WebFixture.start(WebFixture.config().maxLineBytes(2048).sendQueueBytes(64 * 1024),
                WebFixture.web())) {
            WsClient stalled = chat.login("stalled");
            WsClient reader = chat.login("reader");
            TestClient sender = chat.tcpLogin("sender");
            stalled.stopReading();
            String text = "z".repeat(1500);
            int sent = 0;
            while (chat.server().stats().slowDisconnects() == 0 && sent < 50_000) {
                sender.send("MSG " + text);
                sent++;
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> chat.server().stats().slowDisconnects() == 1);
            assertThat(chat.server().users()).extracting(u -> u.name()).containsExactlyInAnyOrder("reader", "sender");
            reader.send("PING");
            reader.readUntil("PONG");
            assertThat(sender.send("PING").readUntil("PONG")).isNotEmpty();
        }
    }

    @Test
    void behindATrustedProxyTheForwardedAddressIsTheOneTheLimitCounts() {
        WebSettings settings = new WebSettings(java.net.InetAddress.getLoopbackAddress(), 0,
                WebFixture.ranges("127.0.0.1"), List.of());
        try (WebFixture chat = WebFixture.start(WebFixture.config().maxPerIp(1).exempt(List.of()), settings)) {
            WsClient first = chat.connect("X-Forwarded-For", "198.51.100.9, 203.0.113.7");
            assertThat(first.send("PING").read()).isEqualTo("PONG");
            WsClient second = chat.connect("X-Forwarded-For", "203.0.113.7");
            assertThat(second.read()).isEqualTo("ERR too-many-connections");
            assertThat(second.closeCode()).isEqualTo(1013);
            WsClient other = chat.connect("X-Forwarded-For", "203.0.113.8");
            assertThat(other.send("LOGIN other").read()).isEqualTo("OK");
            assertThat(chat.server().users()).extracting(u -> u.remoteAddress())
                    .singleElement().asString().startsWith("203.0.113.8");
        }
    }

    @Test
    void fromAnUntrustedPeerTheForwardedHeaderIsIgnored() {
        try (WebFixture chat = WebFixture.start(WebFixture.config().maxPerIp(1).exempt(List.of()), WebFixture.web())) {
            WsClient first = chat.connect("X-Forwarded-For", "203.0.113.7");
            assertThat(first.send("PING").read()).isEqualTo("PONG");
            WsClient second = chat.connect("X-Forwarded-For", "203.0.113.8");
            assertThat(second.read()).as("both count as 127.0.0.1").isEqualTo("ERR too-many-connections");
        }
    }

    @Test
    void kickAndShutdownReachAWebSocketClientAsTheirLastMessage() {
        WebFixture chat = WebFixture.start();
        try {
            WsClient alice = chat.login("alice");
            WsClient bob = chat.login("bob");
            assertThat(chat.server().kick("bob", "testing", "console")).isTrue();
            assertThat(bob.read()).isEqualTo("INFO kicked by operator: testing");
            assertThat(bob.read()).isEqualTo(WsClient.CLOSED);
            assertThat(alice.read()).isEqualTo("INFO bob disconnected");

            Thread shutdown = Thread.ofVirtual().start(chat.server()::shutdown);
            assertThat(alice.read()).isEqualTo("INFO server shutting down");
            assertThat(alice.closeCode()).isEqualTo(1000);
            shutdown.join();
            List<String> refused = new ArrayList<>();
            WsClient late = chat.connect();
            refused.add(late.read());
            assertThat(refused).containsExactly(WsClient.CLOSED);
            assertThat(late.closeCode()).isEqualTo(1001);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            chat.close();
        }
    }
}
