package io.socketchat.commands;

import io.socketchat.server.ServerConfig;
import io.socketchat.testkit.TestClient;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** WHO, PING, errors and the framing rules of the wire table, over real sockets (TCP; TLS in a subclass). */
class ProtocolEndToEndTest {

    @AutoClose
    private final ChatFixture chat = start(ChatFixture.config().maxLineBytes(64).sendQueueBytes(64 * 1024));

    /** The server under test; {@link ProtocolOverTlsEndToEndTest} adds a TLS listener and talks TLS. */
    ChatFixture start(ServerConfig.Builder config) {
        return ChatFixture.start(config);
    }

    @Test
    void whoListsEveryLoggedInUserSortedIgnoringCaseSelfIncluded() {
        chat.login("carol");
        TestClient ann = chat.login("Ann");
        chat.login("bob");
        chat.connect(); // not logged in: not listed
        ann.send("WHO");
        ann.send("PING");
        // Requests are answered in order: the USER lines, then the PONG.
        assertThat(ann.readUntil("PONG")).containsExactly("USER Ann", "USER bob", "USER carol", "PONG");
    }

    @Test
    void pingIsAnsweredBeforeAndAfterLogin() {
        TestClient client = chat.connect();
        client.send("PING");
        assertThat(client.readLine()).isEqualTo("PONG");
        client.send("LOGIN ann");
        assertThat(client.readLine()).isEqualTo("OK");
        client.send("PING");
        assertThat(client.readLine()).isEqualTo("PONG");
    }

    @Test
    void anUnknownWordIsUnknownCmdBeforeAndAfterLogin() {
        TestClient client = chat.connect();
        client.send("HELLO there");
        assertThat(client.readLine()).isEqualTo("ERR unknown-cmd");
        client.send("LOGIN ann");
        assertThat(client.readLine()).isEqualTo("OK");
        client.send("QUIT");
        assertThat(client.readLine()).isEqualTo("ERR unknown-cmd");
        client.send("MSGX hi");
        assertThat(client.readLine()).isEqualTo("ERR unknown-cmd");
    }

    @Test
    void commandsOtherThanLoginAndPingNeedALoginAndTheConnectionStaysOpen() {
        TestClient bob = chat.login("bob");
        TestClient client = chat.connect();
        for (String line : List.of("MSG hi", "DM bob hi", "WHO", "MSG", "DM")) {
            client.send(line);
            assertThat(client.readLine()).as(line).isEqualTo("ERR not-logged-in");
        }
        client.send("LOGIN ann");
        assertThat(client.readLine()).isEqualTo("OK");
        client.drain();
        assertThat(bob.drain()).as("nothing was delivered before the login").isEmpty();
    }

    @Test
    void commandWordsAreCaseInsensitive() {
        TestClient bob = chat.login("bob");
        TestClient ann = chat.connect();
        ann.send("login ann");
        assertThat(ann.readLine()).isEqualTo("OK");
        ann.send("pInG");
        assertThat(ann.readLine()).isEqualTo("PONG");
        ann.send("who");
        assertThat(ann.readUntil("USER bob")).containsExactly("USER ann", "USER bob");
        ann.send("Msg hi all");
        ann.send("dm BOB hi you");
        assertThat(bob.readLine()).isEqualTo("MSG ann hi all");
        assertThat(bob.readLine()).isEqualTo("DM ann hi you");
    }

    @Test
    void leadingAndTrailingBlanksAreTrimmed() {
        TestClient bob = chat.login("bob");
        TestClient ann = chat.connect();
        ann.send("   LOGIN ann  \t");
        assertThat(ann.readLine()).isEqualTo("OK");
        ann.send(" \t PING   ");
        assertThat(ann.readLine()).isEqualTo("PONG");
        ann.send("   MSG   hi  there   ");
        assertThat(bob.readLine()).isEqualTo("MSG ann hi  there");
        bob.send("WHO");
        assertThat(bob.readUntil("USER bob")).containsExactly("USER ann", "USER bob");
    }

    @Test
    void blankLinesAreIgnoredAndNotCounted() {
        TestClient ann = chat.login("ann");
        long linesBefore = chat.server().stats().linesIn();
        ann.sendRaw("\n   \n\t\n\r\n".getBytes(StandardCharsets.US_ASCII));
        ann.send("PING");
        assertThat(ann.readLine()).as("no reply to blank lines").isEqualTo("PONG");
        assertThat(chat.server().stats().linesIn()).as("only the PING counts").isEqualTo(linesBefore + 1);
    }

    @Test
    void crLfLineEndsAreAccepted() {
        TestClient bob = chat.login("bob");
        TestClient ann = chat.connect();
        ann.sendRaw("LOGIN ann\r\nPING\r\nMSG telnet style\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(ann.readLine()).isEqualTo("OK");
        assertThat(ann.readLine()).isEqualTo("PONG");
        assertThat(bob.readLine()).as("the CR is not part of the text").isEqualTo("MSG ann telnet style");
        bob.sendRaw("DM ann yes\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(ann.readLine()).isEqualTo("DM bob yes");
        ann.send("WHO");
        assertThat(ann.readUntil("USER bob")).as("the name has no CR").containsExactly("USER ann", "USER bob");
    }

    @Test
    void aLineOverTheLimitIsRefusedOnceAndTheSessionGoesOn() {
        TestClient bob = chat.login("bob");
        TestClient ann = chat.login("ann");
        ann.send("MSG " + "x".repeat(200));
        assertThat(ann.readLine()).isEqualTo("ERR line-too-long");
        // The same in pieces, the LF in a later write: still one error.
        ann.sendRaw(("MSG " + "y".repeat(100)).getBytes(StandardCharsets.US_ASCII));
        ann.sendRaw("y".repeat(100).getBytes(StandardCharsets.US_ASCII));
        ann.sendRaw("\nMSG still here\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(ann.readLine()).isEqualTo("ERR line-too-long");
        assertThat(ann.drain()).isEmpty();
        assertThat(bob.readLine()).as("nothing of the long lines was delivered").isEqualTo("MSG ann still here");
    }

    @Test
    void aLineOfExactlyTheLimitIsAccepted() {
        TestClient bob = chat.login("bob");
        TestClient ann = chat.login("ann");
        String line = "MSG " + "z".repeat(60);
        assertThat(line).hasSize(64);
        ann.send(line);
        ann.sendRaw((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        assertThat(ann.drain()).isEmpty();
        assertThat(bob.readLine()).isEqualTo("MSG ann " + "z".repeat(60));
        assertThat(bob.readLine()).isEqualTo("MSG ann " + "z".repeat(60));
    }

    @Test
    void invalidUtf8IsOneErrorLineAndTheSessionGoesOn() {
        TestClient ann = chat.login("ann");
        // 0xC3 0x28: a lead byte without its continuation. (Not 0xFF: that is telnet's IAC, which
        // the server strips before decoding, so it would never reach the UTF-8 check.)
        ann.sendRaw(new byte[] {'M', 'S', 'G', ' ', (byte) 0xc3, (byte) 0x28, '\n'});
        assertThat(ann.readLine()).isEqualTo("ERR invalid-utf8");
        ann.send("PING");
        assertThat(ann.readLine()).isEqualTo("PONG");
    }
}
