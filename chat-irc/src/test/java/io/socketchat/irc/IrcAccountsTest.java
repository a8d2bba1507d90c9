package io.socketchat.irc;

import io.socketchat.server.Cidr;
import io.socketchat.server.TlsSettings;
import io.socketchat.testkit.TestCertificates;
import io.socketchat.testkit.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static io.socketchat.irc.IrcFixture.drainIrc;
import static io.socketchat.irc.IrcFixture.readUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Accounts on the IRC port, over real sockets, with a SQLite store: {@code PASS} and SASL PLAIN
 * logging in as an account registered over the line protocol, the refusals each gets, a nick
 * that is an account's, kept DMs delivered at the next login, and passwords refused on plain
 * TCP but taken over TLS under {@code --plaintext-auth-from none}.
 */
class IrcAccountsTest {

    private static final String PASSWORD = "correct-horse-battery";

    @TempDir
    Path dataDir;

    private IrcFixture chat;

    @AfterEach
    void stop() {
        if (chat != null) {
            chat.close();
        }
    }

    private IrcFixture start() {
        chat = IrcFixture.startWithAccounts(IrcFixture.config(), false, dataDir, IrcFixture.accounts());
        return chat;
    }

    /** LOGIN then REGISTER over the line protocol, then that client leaves: the name is an offline account. */
    private void register(String name) {
        TestClient line = chat.line(name);
        line.send("REGISTER " + PASSWORD);
        assertThat(line.readLine()).isEqualTo("OK");
        line.close();
        awaitOffline(name);
    }

    private void awaitOffline(String name) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> chat.server().users().stream().noneMatch(user -> user.name().equals(name)));
    }

    /** CAP LS 302, NICK, USER, CAP REQ :sasl and AUTHENTICATE PLAIN with {@code account}'s payload; CAP END is left to the test. */
    private static void sasl(TestClient client, String nick, String account, String password) {
        client.send("CAP LS 302");
        assertThat(client.readLine()).isEqualTo(":socketchat CAP * LS :sasl=PLAIN server-time");
        client.send("NICK " + nick);
        client.send("USER " + nick + " 0 * :" + nick);
        client.send("CAP REQ :sasl");
        assertThat(client.readLine()).isEqualTo(":socketchat CAP " + nick + " ACK :sasl");
        client.send("AUTHENTICATE PLAIN");
        assertThat(client.readLine()).isEqualTo("AUTHENTICATE +");
        String payload = Base64.getEncoder().encodeToString(("\0" + account + "\0" + password).getBytes(StandardCharsets.UTF_8));
        // IRCv3 SASL: chunks of 400 characters; one of exactly 400 is followed by "+".
        for (int i = 0; i < payload.length(); i += 400) {
            client.send("AUTHENTICATE " + payload.substring(i, Math.min(payload.length(), i + 400)));
        }
        if (payload.length() % 400 == 0) {
            client.send("AUTHENTICATE +");
        }
    }

    private static TestClient pass(TestClient client, String nick, String password) {
        client.send("PASS " + password);
        client.send("NICK " + nick);
        client.send("USER " + nick + " 0 * :" + nick);
        return client;
    }

    @Test
    void anAccountRegisteredOverTheLineProtocolLogsInWithPassAndWithSaslPlain() {
        start();
        register("alice");
        TestClient bob = chat.line("bob");

        TestClient viaPass = pass(chat.connectIrc(), "alice", PASSWORD);
        List<String> welcome = readUntil(viaPass, line -> line.contains(" 366 "));
        assertThat(welcome.get(0)).startsWith(":socketchat 001 alice :Welcome");
        assertThat(welcome).contains(":alice!alice@socketchat JOIN #lobby");
        bob.send("DM alice over pass");
        assertThat(viaPass.readLine()).isEqualTo(":bob!bob@socketchat PRIVMSG alice :over pass");
        viaPass.send("QUIT");
        assertThat(viaPass.readUntilClosed()).containsExactly("ERROR :Closing link: quit");
        awaitOffline("alice");

        TestClient viaSasl = chat.connectIrc();
        sasl(viaSasl, "someone", "alice", PASSWORD);
        assertThat(viaSasl.readLine()).isEqualTo(":socketchat 900 someone alice!alice@socketchat alice :You are now logged in as alice");
        assertThat(viaSasl.readLine()).isEqualTo(":socketchat 903 someone :SASL authentication successful");
        // Registration waits for CAP END: the next line is the answer to CAP LIST, not a welcome.
        viaSasl.send("CAP LIST");
        assertThat(viaSasl.readLine()).isEqualTo(":socketchat CAP someone LIST :");
        viaSasl.send("CAP END");
        welcome = readUntil(viaSasl, line -> line.contains(" 366 "));
        assertThat(welcome.get(0)).startsWith(":socketchat 001 alice :Welcome");
        assertThat(welcome).contains(":alice!alice@socketchat JOIN #lobby", ":socketchat 366 alice #lobby :End of /NAMES list");
        bob.send("DM alice over sasl");
        assertThat(viaSasl.readLine()).isEqualTo(":bob!bob@socketchat PRIVMSG alice :over sasl");
        viaSasl.send("PRIVMSG bob :back over irc");
        assertThat(bob.readUntil("DM alice back over irc")).containsExactly("INFO alice disconnected", "DM alice back over irc");
    }

    @Test
    void aSaslPayloadInSeveralChunksLogsIn() {
        start();
        String longPassword = "é".repeat(250); // 500 bytes: its payload takes two AUTHENTICATE chunks
        TestClient line = chat.line("ann");
        line.send("REGISTER " + longPassword);
        assertThat(line.readLine()).isEqualTo("OK");
        line.close();
        awaitOffline("ann");

        TestClient irc = chat.connectIrc();
        sasl(irc, "ann", "ann", longPassword);
        assertThat(irc.readLine()).startsWith(":socketchat 900 ann ");
        assertThat(irc.readLine()).isEqualTo(":socketchat 903 ann :SASL authentication successful");
        irc.send("CAP END");
        assertThat(readUntil(irc, l -> l.contains(" 366 ")).get(0)).startsWith(":socketchat 001 ann ");

        TestClient tooLong = chat.connectIrc();
        tooLong.send("CAP REQ :sasl");
        assertThat(tooLong.readLine()).isEqualTo(":socketchat CAP * ACK :sasl");
        tooLong.send("AUTHENTICATE PLAIN");
        assertThat(tooLong.readLine()).isEqualTo("AUTHENTICATE +");
        for (int i = 0; i < 9; i++) {
            tooLong.send("AUTHENTICATE " + "A".repeat(400));
        }
        assertThat(tooLong.readLine()).isEqualTo(":socketchat 905 * :SASL message too long");
        assertThat(tooLong.readLine()).isEqualTo(":socketchat 904 * :SASL authentication failed");
    }

    @Test
    void saslBeforeNickAndUserRegistersOnceTheyAndCapEndHaveCome() {
        start();
        register("alice");
        TestClient irc = chat.connectIrc();
        irc.send("CAP REQ :sasl");
        assertThat(irc.readLine()).isEqualTo(":socketchat CAP * ACK :sasl");
        irc.send("AUTHENTICATE PLAIN");
        assertThat(irc.readLine()).isEqualTo("AUTHENTICATE +");
        irc.send("AUTHENTICATE " + Base64.getEncoder().encodeToString(("alice\0alice\0" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
        assertThat(irc.readLine()).isEqualTo(":socketchat 900 * alice!alice@socketchat alice :You are now logged in as alice");
        assertThat(irc.readLine()).isEqualTo(":socketchat 903 * :SASL authentication successful");
        irc.send("CAP END");
        irc.send("NICK other");
        irc.send("USER alice 0 * :Alice");
        List<String> welcome = readUntil(irc, line -> line.contains(" 366 "));
        assertThat(welcome.get(0)).startsWith(":socketchat 001 alice :Welcome");
        assertThat(welcome).noneMatch(line -> line.contains(" 447 ") || line.contains(" 462 "));
    }

    @Test
    void aWrongPasswordIs464AndACloseWithPassAnd904WithSaslAfterWhichTheClientGoesOnAsAGuest() {
        start();
        register("alice");

        TestClient viaPass = pass(chat.connectIrc(), "alice", "wrong-password");
        assertThat(viaPass.readUntilClosed()).containsExactly(":socketchat 464 alice :Password incorrect (bad-credentials)",
                "ERROR :Closing link: password incorrect");

        TestClient viaSasl = chat.connectIrc();
        sasl(viaSasl, "guest", "alice", "wrong-password");
        assertThat(viaSasl.readLine()).isEqualTo(":socketchat 904 guest :SASL authentication failed (bad-credentials)");
        viaSasl.send("CAP END");
        List<String> welcome = readUntil(viaSasl, line -> line.contains(" 366 "));
        assertThat(welcome.get(0)).startsWith(":socketchat 001 guest :Welcome");
        TestClient bob = chat.line("bob");
        bob.send("WHO");
        assertThat(bob.readUntil("USER guest")).doesNotContain("USER alice");
    }

    @Test
    void aNickThatIsAnAccountWithoutPasswordIsRefusedWith433NamingTheReason() {
        start();
        register("alice");
        TestClient irc = chat.connectIrc();
        irc.send("NICK alice");
        irc.send("USER alice 0 * :Alice");
        assertThat(irc.readLine())
                .isEqualTo(":socketchat 433 * alice :Nickname is registered to an account: log in with PASS or SASL (name-registered)");
        // As with a nick in use, the client may try another one on the same connection.
        irc.send("NICK alice_");
        assertThat(readUntil(irc, line -> line.contains(" 366 ")).get(0)).startsWith(":socketchat 001 alice_ :Welcome");
    }

    @Test
    void dmsKeptForAnOfflineAccountArriveAsPrivmsgAfterTheWelcomeOfItsNextLogin() {
        start();
        register("alice");
        TestClient bob = chat.line("bob");
        bob.send("DM alice first");
        assertThat(bob.readLine()).isEqualTo("INFO offline alice");
        bob.send("DM alice second");
        assertThat(bob.readLine()).isEqualTo("INFO offline alice");
        TestClient carol = chat.irc("carol");
        carol.send("PRIVMSG alice :from irc");
        assertThat(drainIrc(carol, "sent")).containsExactly(
                ":socketchat NOTICE carol :alice is offline: the message is kept until they log in (offline alice)");

        TestClient viaSasl = chat.connectIrc();
        sasl(viaSasl, "alice", "alice", PASSWORD);
        assertThat(viaSasl.readLine()).startsWith(":socketchat 900 alice ");
        assertThat(viaSasl.readLine()).isEqualTo(":socketchat 903 alice :SASL authentication successful");
        // Logged in at the chat already, but not registered: the kept DMs wait for the welcome.
        viaSasl.send("CAP LIST");
        assertThat(viaSasl.readLine()).isEqualTo(":socketchat CAP alice LIST :");
        viaSasl.send("CAP END");
        List<String> welcome = readUntil(viaSasl, line -> line.contains(" 366 "));
        assertThat(welcome.get(0)).startsWith(":socketchat 001 alice :Welcome");
        assertThat(welcome).noneMatch(line -> line.contains("PRIVMSG") || line.contains("NOTICE"));
        assertThat(drainIrc(viaSasl, "kept")).containsExactly(
                ":socketchat NOTICE alice :3 messages were kept for you while you were offline; they follow as private messages"
                        + " (offline-messages 3)",
                ":bob!bob@socketchat PRIVMSG alice :first",
                ":bob!bob@socketchat PRIVMSG alice :second",
                ":carol!carol@socketchat PRIVMSG alice :from irc");
        viaSasl.send("QUIT");
        viaSasl.readUntilClosed();
        awaitOffline("alice");

        bob.send("DM alice once more");
        assertThat(bob.readUntil("INFO offline alice")).endsWith("INFO offline alice");
        TestClient viaPass = pass(chat.connectIrc(), "alice", PASSWORD);
        readUntil(viaPass, line -> line.contains(" 366 "));
        assertThat(drainIrc(viaPass, "kept")).containsExactly(
                ":socketchat NOTICE alice :1 message was kept for you while you were offline; they follow as private messages"
                        + " (offline-messages 1)",
                ":bob!bob@socketchat PRIVMSG alice :once more");
        viaPass.send("QUIT");
        viaPass.readUntilClosed();
        awaitOffline("alice");

        TestClient again = pass(chat.connectIrc(), "alice", PASSWORD);
        readUntil(again, line -> line.contains(" 366 "));
        assertThat(drainIrc(again, "none")).as("kept DMs are delivered once").isEmpty();
    }

    @Test
    void withPlaintextAuthFromNoneAPasswordIsRefusedOnThePlainPortAndTakenOnTheTlsPort(@TempDir Path certificatesDir) {
        TestCertificates certificates = TestCertificates.createCa(certificatesDir);
        TestCertificates.Leaf leaf = certificates.issue("127.0.0.1", "ec");
        chat = IrcFixture.startWithAccounts(IrcFixture.config()
                        .tls(new TlsSettings(InetAddress.getLoopbackAddress(), 0, leaf.fullchain(), leaf.privkey(), null)),
                true, dataDir, IrcFixture.accounts().withPlaintextAuthFrom(Cidr.parseList("none")));
        TestClient registering = chat.track(TestClient.loginTls(chat.server().tlsAddress().orElseThrow().getPort(),
                certificates.trustingClient(), "alice"));
        registering.send("REGISTER " + PASSWORD);
        assertThat(registering.readLine()).isEqualTo("OK");
        registering.close();
        awaitOffline("alice");

        TestClient plainPass = pass(chat.connectIrc(), "alice", PASSWORD);
        assertThat(plainPass.readUntilClosed()).containsExactly(":socketchat 464 alice :Password refused (tls-required)",
                "ERROR :Closing link: password refused (tls-required)");
        TestClient plainSasl = chat.connectIrc();
        sasl(plainSasl, "alice", "alice", PASSWORD);
        assertThat(plainSasl.readLine()).isEqualTo(":socketchat 904 alice :SASL authentication failed (tls-required)");

        int ircsPort = chat.irc().tlsAddress().orElseThrow().getPort();
        TestClient tlsPass = pass(chat.track(TestClient.connectTls(ircsPort, certificates.trustingClient())), "alice", PASSWORD);
        assertThat(readUntil(tlsPass, line -> line.contains(" 366 ")).get(0)).startsWith(":socketchat 001 alice :Welcome");
        tlsPass.send("QUIT");
        tlsPass.readUntilClosed();
        awaitOffline("alice");
        TestClient tlsSasl = chat.track(TestClient.connectTls(ircsPort, certificates.trustingClient()));
        sasl(tlsSasl, "alice", "alice", PASSWORD);
        assertThat(tlsSasl.readLine()).startsWith(":socketchat 900 alice ");
        assertThat(tlsSasl.readLine()).isEqualTo(":socketchat 903 alice :SASL authentication successful");
    }
}
