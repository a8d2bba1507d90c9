package io.socketchat.commands.hardening;

import io.socketchat.server.ChatServer;
import io.socketchat.testkit.TestClient;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Control characters, bad UTF-8, telnet negotiation and name look-alikes, over real sockets. */
class TextSafetyEndToEndTest {

    @Test
    void messagesWithTerminalControlsAreRefusedAndNotForwarded() {
        try (ChatServer server = Servers.start(b -> b);
             TestClient alice = TestClient.login(server.port(), "alice");
             TestClient bob = TestClient.login(server.port(), "bob")) {

            alice.send("MSG \u001b[2J\u001b[Hscreen cleared");
            assertThat(alice.readLine()).isEqualTo("ERR invalid-text");
            alice.send("DM bob ring\u0007");
            assertThat(alice.readLine()).isEqualTo("ERR invalid-text");
            alice.send("MSG hi\rMSG admin forged");
            assertThat(alice.readLine()).isEqualTo("ERR invalid-text");
            alice.send("MSG c1 \u009b2J");
            assertThat(alice.readLine()).isEqualTo("ERR invalid-text");
            alice.send("MSG tabs\tare fine");
            alice.drain(); // fence: alice's lines have all been handled

            assertThat(bob.drain()).containsExactly("MSG alice tabs\tare fine");
        }
    }

    @Test
    void invalidUtf8IsRefusedAndNotForwarded() {
        try (ChatServer server = Servers.start(b -> b);
             TestClient alice = TestClient.login(server.port(), "alice");
             TestClient bob = TestClient.login(server.port(), "bob")) {

            alice.sendRaw(bytes("MSG bad ", 0xC3, 0x28, '\n'));      // invalid continuation
            assertThat(alice.readLine()).isEqualTo("ERR invalid-utf8");
            alice.sendRaw(bytes("MSG overlong ", 0xC0, 0xAF, '\n')); // overlong '/'
            assertThat(alice.readLine()).isEqualTo("ERR invalid-utf8");
            alice.sendRaw(bytes("DM bob surrogate ", 0xED, 0xA0, 0x80, '\n'));
            assertThat(alice.readLine()).isEqualTo("ERR invalid-utf8");
            alice.send("MSG grüße");
            alice.drain();

            assertThat(bob.drain()).containsExactly("MSG alice grüße");
        }
    }

    @Test
    void telnetNegotiationIsIgnoredAndNeverReachesOthers() {
        try (ChatServer server = Servers.start(b -> b);
             TestClient bob = TestClient.login(server.port(), "bob");
             TestClient telnet = TestClient.connect(server.port())) {

            // What a telnet client may send: WILL/DO options, a terminal-type subnegotiation,
            // an interrupt (IAC IP), all mixed into its lines.
            telnet.sendRaw(bytes("", 0xFF, 0xFB, 0x18, 0xFF, 0xFD, 0x01, 'L', 'O', 'G', 'I', 'N', ' ', 'c', 'a', 'r', 'l',
                    '\r', '\n'));
            assertThat(telnet.readLine()).isEqualTo("OK");
            telnet.sendRaw(bytes("MSG hel", 0xFF, 0xFA, 0x18, 0x00, 'x', 't', 'e', 'r', 'm', 0xFF, 0xF0, "lo",
                    0xFF, 0xF4, '\r', '\n'));
            assertThat(telnet.drain()).isEmpty(); // fence, and no reply to the negotiation either

            assertThat(bob.drain()).containsExactly("MSG carl hello");
        }
    }

    @Test
    void aLookAlikeNameInAnotherUnicodeFormCannotLogInBesideTheFirst() {
        try (ChatServer server = Servers.start(b -> b);
             TestClient bob = TestClient.login(server.port(), "bob");
             TestClient asa = TestClient.login(server.port(), "Åsa");        // U+00C5
             TestClient fin = TestClient.login(server.port(), "fin");
             TestClient impostor = TestClient.connect(server.port())) {

            impostor.send("LOGIN ｂｏｂ");          // fullwidth letters
            assertThat(impostor.readLine()).isEqualTo("ERR username-taken");
            impostor.send("LOGIN BOB");
            assertThat(impostor.readLine()).isEqualTo("ERR username-taken");
            impostor.send("LOGIN \u212Bsa");       // ANGSTROM SIGN, NFKC-equal to U+00C5
            assertThat(impostor.readLine()).isEqualTo("ERR username-taken");
            impostor.send("LOGIN \uFB01n");        // the "fi" ligature
            assertThat(impostor.readLine()).isEqualTo("ERR username-taken");
            impostor.send("LOGIN A\u030Asa");      // a combining ring is not a name character
            assertThat(impostor.readLine()).isEqualTo("ERR invalid-username");
        }
    }

    @Test
    void theSenderNameOthersSeeComesFromTheSessionNeverFromTheLine() {
        try (ChatServer server = Servers.start(b -> b);
             TestClient mallory = TestClient.login(server.port(), "mallory");
             TestClient alice = TestClient.login(server.port(), "alice");
             TestClient bob = TestClient.login(server.port(), "bob")) {

            mallory.send("MSG alice I owe mallory money");
            mallory.send("DM bob alice says hi");
            assertThat(mallory.drain()).isEmpty();

            assertThat(alice.drain()).containsExactly("MSG mallory alice I owe mallory money");
            assertThat(bob.drain()).containsExactly("MSG mallory alice I owe mallory money", "DM mallory alice says hi");
        }
    }

    /** Text and byte values (ints for raw bytes, Strings for ASCII runs), in order. */
    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof String text) {
                out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
            } else if (part instanceof Character c) {
                out.write(c);
            } else {
                out.write((Integer) part);
            }
        }
        return out.toByteArray();
    }
}
