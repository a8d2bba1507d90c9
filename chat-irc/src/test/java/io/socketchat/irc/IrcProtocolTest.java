package io.socketchat.irc;

import io.socketchat.testkit.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.socketchat.irc.IrcFixture.drainIrc;
import static io.socketchat.irc.IrcFixture.readUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** Every row of the IRC wire contract (docs/irc.md), over real sockets, with line-protocol clients in the same chat. */
class IrcProtocolTest {

    private IrcFixture chat;

    @AfterEach
    void stop() {
        if (chat != null) {
            chat.close();
        }
    }

    @Test
    void registrationAnswersWelcomeIsupportNoMotdAndJoinsTheLobby() {
        chat = IrcFixture.start();
        TestClient irc = chat.connectIrc();
        irc.send("CAP LS 302");
        assertThat(irc.readLine()).isEqualTo(":socketchat CAP * LS :sasl=PLAIN server-time");
        irc.send("NICK alice");
        irc.send("USER alice 0 * :Alice Liddell");
        irc.send("CAP REQ :server-time");
        assertThat(irc.readLine()).isEqualTo(":socketchat CAP alice ACK :server-time");
        irc.send("CAP REQ :away-notify");
        assertThat(irc.readLine()).isEqualTo(":socketchat CAP alice NAK :away-notify");
        irc.send("CAP END");
        List<String> welcome = readUntil(irc, line -> line.contains(" 366 "));
        assertThat(welcome.get(0)).startsWith(":socketchat 001 alice :Welcome");
        assertThat(welcome).anyMatch(line -> line.startsWith(":socketchat 002 alice "));
        assertThat(welcome).anyMatch(line -> line.startsWith(":socketchat 003 alice "));
        assertThat(welcome).anyMatch(line -> line.startsWith(":socketchat 004 alice socketchat "));
        String isupport = welcome.stream().filter(line -> line.startsWith(":socketchat 005 ")).findFirst().orElseThrow();
        assertThat(isupport).contains("CASEMAPPING=ascii", "CHANTYPES=#", "NICKLEN=257", "CHANNELLEN=33", "LINELEN=512");
        assertThat(welcome).anyMatch(line -> line.startsWith(":socketchat 422 alice "));
        assertThat(welcome).contains(":alice!alice@socketchat JOIN #lobby", ":socketchat 353 alice = #lobby :alice",
                ":socketchat 366 alice #lobby :End of /NAMES list");
        TestClient bob = chat.line("bob");
        bob.send("WHO");
        assertThat(bob.readUntil("USER bob")).contains("USER alice");
    }

    @Test
    void lobbyMessagesGoBothWaysAndIrcUsersSeeLeavesAsQuit() {
        chat = IrcFixture.start();
        TestClient alice = chat.irc("alice");
        TestClient bob = chat.line("bob");
        bob.send("MSG hello from ncat");
        assertThat(alice.readLine()).isEqualTo(":bob!bob@socketchat PRIVMSG #lobby :hello from ncat");
        alice.send("PRIVMSG #lobby :hello from irc");
        assertThat(bob.readLine()).isEqualTo("MSG alice hello from irc");
        bob.close();
        assertThat(alice.readLine()).isEqualTo(":bob!bob@socketchat QUIT :disconnected");
    }

    @Test
    void directMessagesArePrivmsgToANickAndUnknownNicksGet401() {
        chat = IrcFixture.start();
        TestClient alice = chat.irc("alice");
        TestClient carol = chat.irc("carol");
        TestClient bob = chat.line("bob");
        bob.send("DM alice psst");
        assertThat(alice.readLine()).isEqualTo(":bob!bob@socketchat PRIVMSG alice :psst");
        alice.send("PRIVMSG bob :back at you");
        assertThat(bob.readLine()).isEqualTo("DM alice back at you");
        alice.send("PRIVMSG carol :irc to irc");
        assertThat(carol.readLine()).isEqualTo(":alice!alice@socketchat PRIVMSG carol :irc to irc");
        alice.send("PRIVMSG nobody :hello?");
        assertThat(alice.readLine()).isEqualTo(":socketchat 401 alice nobody :No such nick/channel");
        alice.send("PRIVMSG bad!nick :hello?");
        assertThat(alice.readLine()).isEqualTo(":socketchat 401 alice bad!nick :No such nick/channel");
    }

    @Test
    void roomsAreChannelsJoinPartTopicNamesList() {
        chat = IrcFixture.start();
        TestClient bob = chat.line("bob");
        bob.send("JOIN #dev");
        bob.readUntil("END HISTORY #dev");
        bob.send("TOPIC #dev release on friday");
        assertThat(bob.readLine()).isEqualTo("OK");

        TestClient alice = chat.irc("alice");
        alice.send("JOIN #dev");
        List<String> joined = readUntil(alice, line -> line.contains(" 332 "));
        assertThat(joined).containsExactly(":alice!alice@socketchat JOIN #dev",
                ":socketchat 353 alice = #dev :alice bob", ":socketchat 366 alice #dev :End of /NAMES list",
                ":socketchat 332 alice #dev :release on friday");
        assertThat(bob.readLine()).isEqualTo("JOIN #dev alice");

        bob.send("SAY #dev hi irc");
        assertThat(alice.readLine()).isEqualTo(":bob!bob@socketchat PRIVMSG #dev :hi irc");
        alice.send("PRIVMSG #dev :hi ncat");
        assertThat(bob.readLine()).isEqualTo("SAY #dev alice hi ncat");

        alice.send("TOPIC #dev");
        assertThat(alice.readLine()).isEqualTo(":socketchat 332 alice #dev :release on friday");
        alice.send("TOPIC #dev :moved to monday");
        assertThat(alice.readLine()).isEqualTo(":alice!alice@socketchat TOPIC #dev :moved to monday");
        assertThat(bob.readLine()).isEqualTo("TOPIC #dev alice moved to monday");
        bob.send("TOPIC #dev back to friday");
        assertThat(bob.readLine()).isEqualTo("OK");
        assertThat(alice.readLine()).isEqualTo(":bob!bob@socketchat TOPIC #dev :back to friday");

        alice.send("NAMES #dev");
        assertThat(alice.readLine()).isEqualTo(":socketchat 353 alice = #dev :alice bob");
        assertThat(alice.readLine()).isEqualTo(":socketchat 366 alice #dev :End of /NAMES list");
        alice.send("NAMES #lobby");
        assertThat(alice.readLine()).isEqualTo(":socketchat 353 alice = #lobby :alice bob");
        assertThat(alice.readLine()).isEqualTo(":socketchat 366 alice #lobby :End of /NAMES list");
        alice.send("LIST");
        assertThat(alice.readLine()).isEqualTo(":socketchat 322 alice #dev 2 :back to friday");
        assertThat(alice.readLine()).isEqualTo(":socketchat 323 alice :End of /LIST");

        bob.send("PART #dev");
        assertThat(bob.readLine()).isEqualTo("OK");
        assertThat(alice.readLine()).isEqualTo(":bob!bob@socketchat PART #dev");
        bob.send("JOIN #dev");
        bob.readUntil("END HISTORY #dev");
        assertThat(alice.readLine()).isEqualTo(":bob!bob@socketchat JOIN #dev");
        alice.send("PART #dev");
        assertThat(alice.readLine()).isEqualTo(":alice!alice@socketchat PART #dev");
        assertThat(bob.readLine()).isEqualTo("PART #dev alice");
        alice.send("PART #dev");
        assertThat(alice.readLine()).isEqualTo(":socketchat 442 alice #dev :You're not on that channel");
    }

    @Test
    void errorsAreNumerics() {
        chat = IrcFixture.start();
        chat.line("bob");
        TestClient alice = chat.connectIrc();
        alice.send("PRIVMSG #lobby :too early");
        assertThat(alice.readLine()).isEqualTo(":socketchat 451 * :You have not registered");
        alice.send("NICK 9lives");
        assertThat(alice.readLine()).isEqualTo(":socketchat 432 * 9lives :Erroneous nickname");
        alice.send("NICK bo[b]");
        assertThat(alice.readLine()).isEqualTo(":socketchat 432 * bo[b] :Erroneous nickname");
        alice.send("USER alice 0 *");
        assertThat(alice.readLine()).isEqualTo(":socketchat 461 * USER :Not enough parameters");
        alice.send("NICK BOB");
        alice.send("USER alice 0 * :Alice");
        assertThat(alice.readLine()).isEqualTo(":socketchat 433 * BOB :Nickname is already in use");
        alice.send("NICK alice");
        readUntil(alice, line -> line.contains(" 366 alice #lobby"));

        alice.send("JOIN");
        assertThat(alice.readLine()).isEqualTo(":socketchat 461 alice JOIN :Not enough parameters");
        alice.send("PRIVMSG #nowhere :hello");
        assertThat(alice.readLine()).isEqualTo(":socketchat 404 alice #nowhere :Cannot send to channel (join it first)");
        alice.send("JOIN #bad!room");
        assertThat(alice.readLine()).startsWith(":socketchat 403 alice #bad!room :No such channel");
        alice.send("PRIVMSG #lobby :\u0002bold\u0002");
        assertThat(alice.readLine()).startsWith(":socketchat 404 alice #lobby :Cannot send to channel: control characters");
        alice.send("PRIVMSG #lobby");
        assertThat(alice.readLine()).isEqualTo(":socketchat 412 alice :No text to send");
        alice.send("PRIVMSG");
        assertThat(alice.readLine()).isEqualTo(":socketchat 411 alice :No recipient given (PRIVMSG)");
        alice.send("KNOCK #dev");
        assertThat(alice.readLine()).isEqualTo(":socketchat 421 alice KNOCK :Unknown command");
        alice.send("NICK someone");
        assertThat(alice.readLine()).startsWith(":socketchat 447 alice :");
        alice.send("USER again 0 * :Again");
        assertThat(alice.readLine()).isEqualTo(":socketchat 462 alice :You may not reregister");
        alice.send("PRIVMSG #lobby :" + "x".repeat(600));
        assertThat(alice.readLine()).isEqualTo(":socketchat 417 alice :Input line was too long");
        assertThat(drainIrc(alice, "still-here")).isEmpty();
    }

    @Test
    void namesThatAreNoNicksGetADerivedNickThatReachesThem() {
        chat = IrcFixture.start();
        TestClient alice = chat.irc("alice");
        TestClient digit = chat.line("1abc");
        TestClient dotted = chat.line("Åsa.k");
        digit.send("MSG I start with a digit");
        assertThat(alice.readLine()).isEqualTo(":|1abc!|1abc@socketchat PRIVMSG #lobby :I start with a digit");
        assertThat(dotted.readLine()).isEqualTo("MSG 1abc I start with a digit");
        dotted.send("DM alice hej");
        assertThat(alice.readLine()).isEqualTo(":|{c5}sa^k!|{c5}sa^k@socketchat PRIVMSG alice :hej");
        alice.send("PRIVMSG |1abc :hello digit");
        assertThat(digit.readLine()).isEqualTo("DM alice hello digit");
        alice.send("PRIVMSG |{C5}SA^K :hello Åsa");
        assertThat(dotted.readLine()).isEqualTo("DM alice hello Åsa");
        // An IRC user may take a derived nick: the name behind it is what ncat users see.
        TestClient seven = chat.irc("|7even");
        seven.send("PRIVMSG #lobby :lucky");
        assertThat(digit.readLine()).isEqualTo("MSG 7even lucky");
    }

    @Test
    void whoAndWhoisAreMinimal() {
        chat = IrcFixture.start();
        TestClient alice = chat.irc("alice");
        chat.line("bob");
        alice.send("WHO #lobby");
        assertThat(alice.readLine()).isEqualTo(":socketchat 352 alice #lobby alice socketchat socketchat alice H :0 alice");
        assertThat(alice.readLine()).isEqualTo(":socketchat 352 alice #lobby bob socketchat socketchat bob H :0 bob");
        assertThat(alice.readLine()).isEqualTo(":socketchat 315 alice #lobby :End of WHO list");
        alice.send("WHOIS bob");
        assertThat(alice.readLine()).isEqualTo(":socketchat 311 alice bob bob socketchat * :bob");
        assertThat(alice.readLine()).isEqualTo(":socketchat 312 alice bob socketchat :SocketChat");
        assertThat(alice.readLine()).isEqualTo(":socketchat 318 alice bob :End of /WHOIS list");
        alice.send("WHOIS ghost");
        assertThat(alice.readLine()).isEqualTo(":socketchat 401 alice ghost :No such nick/channel");
        assertThat(alice.readLine()).isEqualTo(":socketchat 318 alice ghost :End of /WHOIS list");
        alice.send("MODE #lobby");
        assertThat(alice.readLine()).isEqualTo(":socketchat 324 alice #lobby :+");
    }

    @Test
    void pingPongBothWaysAndQuit() {
        chat = IrcFixture.start(IrcFixture.config().idleTimeout(Duration.ofSeconds(2)), false);
        TestClient alice = chat.irc("alice");
        TestClient bob = chat.line("bob");
        alice.send("PING :abc");
        assertThat(alice.readLine()).isEqualTo(":socketchat PONG socketchat :abc");
        // Silent for half the idle timeout: the server PINGs; answering keeps the session.
        assertThat(alice.readLine()).isEqualTo("PING :socketchat");
        alice.send("PONG :socketchat");
        assertThat(bob.drain()).isEmpty(); // keeps the line client active too
        assertThat(alice.readLine()).isEqualTo("PING :socketchat");
        alice.send("PONG :socketchat");
        bob.send("MSG still there?");
        assertThat(alice.readLine()).isEqualTo(":bob!bob@socketchat PRIVMSG #lobby :still there?");
        alice.send("QUIT :bye now");
        assertThat(alice.readUntilClosed()).containsExactly("ERROR :Closing link: bye now");
        assertThat(bob.readUntil("INFO alice disconnected")).isNotEmpty();
    }

    @Test
    void aSilentIrcClientIsDisconnectedAfterTheIdleTimeoutLikeTcp() {
        chat = IrcFixture.start(IrcFixture.config().idleTimeout(Duration.ofSeconds(1)), false);
        TestClient alice = chat.irc("alice");
        List<String> last = alice.readUntilClosed();
        assertThat(last).containsExactly("PING :socketchat", "ERROR :Closing link: ping timeout (no activity)");
    }

    @Test
    void passAndSaslBeforeAccountsExistAreFailedLogins() {
        chat = IrcFixture.start();
        TestClient pass = chat.connectIrc();
        pass.send("PASS secret");
        pass.send("NICK alice");
        pass.send("USER alice 0 * :Alice");
        assertThat(pass.readUntilClosed()).containsExactly(":socketchat 464 alice :Password refused (accounts-unavailable)",
                "ERROR :Closing link: password refused (accounts-unavailable)");

        TestClient sasl = chat.connectIrc();
        sasl.send("CAP LS 302");
        sasl.readLine();
        sasl.send("NICK carol");
        sasl.send("USER carol 0 * :Carol");
        sasl.send("CAP REQ :sasl");
        assertThat(sasl.readLine()).isEqualTo(":socketchat CAP carol ACK :sasl");
        sasl.send("AUTHENTICATE EXTERNAL");
        assertThat(sasl.readLine()).isEqualTo(":socketchat 908 carol PLAIN :are available SASL mechanisms");
        assertThat(sasl.readLine()).isEqualTo(":socketchat 904 carol :SASL authentication failed");
        sasl.send("AUTHENTICATE PLAIN");
        assertThat(sasl.readLine()).isEqualTo("AUTHENTICATE +");
        sasl.send("AUTHENTICATE " + java.util.Base64.getEncoder().encodeToString("\0carol\0pw".getBytes()));
        assertThat(sasl.readLine()).isEqualTo(":socketchat 904 carol :SASL authentication failed (accounts-unavailable)");
        // Without an account, the client may go on as a guest.
        sasl.send("CAP END");
        assertThat(readUntil(sasl, line -> line.contains(" 366 "))).anyMatch(line -> line.startsWith(":socketchat 001 carol "));
    }

    @Test
    void longMessagesFromTheLineProtocolAreSplitInto512ByteLines() {
        chat = IrcFixture.start();
        TestClient alice = chat.irc("alice");
        TestClient bob = chat.line("bob");
        String text = "é".repeat(400);
        bob.send("MSG " + text);
        String first = alice.readLine();
        String second = alice.readLine();
        assertThat((first + "\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(512);
        String prefix = ":bob!bob@socketchat PRIVMSG #lobby :";
        assertThat(first.substring(prefix.length()) + second.substring(prefix.length())).isEqualTo(text);
    }

    @Test
    void aBurstOfMessagesArrivesWholeAndInOrderAcrossTheCoresGatheredWrites() {
        chat = IrcFixture.start();
        TestClient alice = chat.irc("alice");
        TestClient carol = chat.irc("carol");
        TestClient bob = chat.line("bob");
        StringBuilder burst = new StringBuilder();
        int count = 5000;
        for (int i = 0; i < count; i++) {
            burst.append("MSG message ").append(i).append(' ').append("x".repeat(1 + i % 97)).append('\n');
        }
        bob.sendRaw(burst.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (TestClient reader : List.of(alice, carol)) {
            for (int i = 0; i < count; i++) {
                assertThat(reader.readLine()).isEqualTo(":bob!bob@socketchat PRIVMSG #lobby :message " + i + " " + "x".repeat(1 + i % 97));
            }
        }
    }

    @Test
    void theServersShutdownReachesIrcClientsAsError() {
        chat = IrcFixture.start();
        TestClient alice = chat.irc("alice");
        chat.server().shutdown();
        assertThat(alice.readUntilClosed()).containsExactly("ERROR :Closing link: server shutting down");
    }

    @Test
    void registrationMustFinishWithinTheLoginTimeout() {
        chat = IrcFixture.start(IrcFixture.config().loginTimeout(Duration.ofSeconds(1)), false);
        TestClient late = chat.connectIrc();
        late.send("NICK late");
        assertThat(late.readUntilClosed()).containsExactly("ERROR :Closing link: registration timed out");
    }
}
