package io.socketchat.commands;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.socketchat.server.ChatServer;
import io.socketchat.server.TlsCertificate;
import io.socketchat.server.TlsFileException;
import io.socketchat.server.TlsSettings;
import io.socketchat.testkit.NumberedStream;
import io.socketchat.testkit.TestCertificates;
import io.socketchat.testkit.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLSocket;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The TLS listener over real sockets: the JDK's own client, {@code openssl s_client} and
 * {@code ncat --ssl} in one chat with plain TCP clients; protocol versions; clients that do
 * not speak TLS or stall in the handshake; a certificate reload while sessions go on; the
 * slow-client cut and the shared connection limits over TLS.
 */
class TlsEndToEndTest {

    private static final String EOF = "\u0000EOF";

    @TempDir
    static Path certificateDirectory;
    private static TestCertificates certificates;
    private static TestCertificates.Leaf first;
    private static TestCertificates.Leaf second;

    @TempDir
    Path serverFiles;

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger serverLogger = (Logger) LoggerFactory.getLogger("io.socketchat.server");
    private final List<Process> processes = new ArrayList<>();
    private ChatFixture chat;

    @BeforeAll
    static void makeCertificates() {
        certificates = TestCertificates.createCa(certificateDirectory);
        first = certificates.issue("localhost", "ec");
        second = certificates.issue("chat-renewed", "rsa");
    }

    private ChatFixture start(io.socketchat.server.ServerConfig.Builder config) {
        return start(config, first);
    }

    private ChatFixture start(io.socketchat.server.ServerConfig.Builder config, TestCertificates.Leaf leaf) {
        log.start();
        serverLogger.addAppender(log);
        serverLogger.setLevel(Level.INFO);
        chat = ChatFixture.startTls(config, certificates, leaf);
        return chat;
    }

    @AfterEach
    void stop() {
        processes.forEach(Process::destroyForcibly);
        if (chat != null) {
            chat.close();
        }
        serverLogger.detachAppender(log);
        serverLogger.setLevel(null);
    }

    private List<String> logged(String tag) {
        synchronized (log) {
            return log.list.stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.startsWith(tag)).toList();
        }
    }

    @Test
    void opensslNcatJavaTlsAndPlainTcpClientsShareOneChat() throws Exception {
        start(ChatFixture.config());
        TestClient plain = chat.loginPlain("plain");
        TestClient java = chat.login("java");
        LineProcess openssl = spawn("openssl", "s_client", "-connect", "127.0.0.1:" + chat.tlsPort(), "-quiet");
        LineProcess ncat = spawn("ncat", "--ssl", "127.0.0.1", String.valueOf(chat.tlsPort()));

        openssl.type("PING");
        assertThat(openssl.next()).isEqualTo("PONG");
        openssl.type("LOGIN ossl");
        assertThat(openssl.next()).isEqualTo("OK");
        ncat.type("LOGIN nc");
        assertThat(ncat.next()).isEqualTo("OK");

        openssl.type("MSG hello from openssl");
        assertThat(plain.readLine()).isEqualTo("MSG ossl hello from openssl");
        assertThat(java.readLine()).isEqualTo("MSG ossl hello from openssl");
        assertThat(ncat.next()).isEqualTo("MSG ossl hello from openssl");

        plain.send("DM nc hi over tcp");
        assertThat(ncat.next()).isEqualTo("DM plain hi over tcp");
        ncat.type("DM ossl hi from ncat");
        assertThat(openssl.next()).isEqualTo("DM nc hi from ncat");
        java.send("MSG and the jdk");
        assertThat(plain.readLine()).isEqualTo("MSG java and the jdk");
        assertThat(openssl.next()).isEqualTo("MSG java and the jdk");
        assertThat(ncat.next()).isEqualTo("MSG java and the jdk");

        ncat.type("WHO");
        assertThat(List.of(ncat.next(), ncat.next(), ncat.next(), ncat.next()))
                .containsExactly("USER java", "USER nc", "USER ossl", "USER plain");
        assertThat(chat.server().users()).extracting(u -> u.name()).containsExactly("java", "nc", "ossl", "plain");

        // ncat's end of input closes its TLS side; the session ends and the others are told.
        ncat.closeInput();
        assertThat(ncat.next()).isEqualTo(EOF);
        assertThat(plain.readLine()).isEqualTo("INFO nc disconnected");
        assertThat(logged("[TLS]")).as("no TLS errors").isEmpty();
    }

    @Test
    void tls12AndTls13AreAcceptedAndTls11IsRefused() throws Exception {
        start(ChatFixture.config());
        for (String version : List.of("-tls1_2", "-tls1_3")) {
            LineProcess client = spawn("openssl", "s_client", "-connect", "127.0.0.1:" + chat.tlsPort(), "-quiet", version);
            client.type("PING");
            assertThat(client.next()).as(version).isEqualTo("PONG");
        }
        try (TestClient v12 = TestClient.connectTls(chat.tlsPort(), chat.tlsClient(), "TLSv1.2");
             TestClient v13 = TestClient.connectTls(chat.tlsPort(), chat.tlsClient(), "TLSv1.3")) {
            assertThat(v12.tlsSession().getProtocol()).isEqualTo("TLSv1.2");
            assertThat(v13.tlsSession().getProtocol()).isEqualTo("TLSv1.3");
        }
        // OpenSSL 3 needs security level 0 to offer TLS 1.1 at all; the server must still refuse it.
        LineProcess old = spawn("openssl", "s_client", "-connect", "127.0.0.1:" + chat.tlsPort(), "-quiet",
                "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0");
        old.type("PING");
        assertThat(old.next()).as("no PONG over TLS 1.1").isEqualTo(EOF);
        assertThat(old.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(old.process.exitValue()).isNotZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> logged("[TLS]").size() == 1);
        assertThat(logged("[TLS]").getFirst()).containsIgnoringCase("protocol");
    }

    @Test
    void plainTextToTheTlsPortIsLoggedOnceAndClosedAndTheServerGoesOn() throws Exception {
        start(ChatFixture.config());
        try (Socket socket = new Socket("127.0.0.1", chat.tlsPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("LOGIN mallory\nPING\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readToEnd(socket.getInputStream())).as("no chat reply in plain text").doesNotContain("OK", "PONG");
            await().atMost(Duration.ofSeconds(10)).until(() -> !logged("[TLS]").isEmpty());
            assertThat(logged("[TLS]")).singleElement().asString()
                    .startsWith("[TLS] remote=127.0.0.1:" + socket.getLocalPort() + " error=")
                    .doesNotContain("\n");
        }
        assertThat(chat.server().stats().connectionsAccepted()).as("no session was opened").isZero();
        TestClient after = chat.login("after");
        assertThat(after.drain()).isEmpty();
        assertThat(logged("[TLS]")).hasSize(1);
    }

    @Test
    void aHandshakeThatNeverStartsIsClosedAtTheLoginDeadline() throws Exception {
        start(ChatFixture.config().loginTimeout(Duration.ofMillis(700)));
        long started = System.nanoTime();
        try (Socket socket = new Socket("127.0.0.1", chat.tlsPort())) {
            socket.setSoTimeout(10_000); // a failure, not a hang, if the server never closes
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(600));
        await().atMost(Duration.ofSeconds(10)).until(() -> !logged("[TLS]").isEmpty());
        assertThat(logged("[TLS]")).singleElement().asString().contains("login timeout");
        TestClient after = chat.login("after");
        assertThat(after.drain()).isEmpty();
    }

    @Test
    void aReloadServesTheNewCertificateToNewConnectionsWhileOldSessionsChatOn() throws Exception {
        Path fullchain = serverFiles.resolve("fullchain.pem");
        Path privkey = serverFiles.resolve("privkey.pem");
        Files.copy(first.fullchain(), fullchain);
        Files.copy(first.privkey(), privkey);
        TestCertificates.Leaf live = new TestCertificates.Leaf(fullchain, privkey, first.certificate(), first.serial(), first.subject());
        start(ChatFixture.config(), live);
        TestClient old = chat.login("old");
        TestClient plain = chat.loginPlain("plain");
        assertThat(serial(old)).isEqualTo(first.serial());
        CompletableFuture<Void> chatting = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 200; i++) {
                old.send("MSG before and during " + i);
            }
        });

        // certbot renews: new files in place, then the operator reloads.
        Files.copy(second.fullchain(), fullchain, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(second.privkey(), privkey, StandardCopyOption.REPLACE_EXISTING);
        TlsCertificate reloaded = chat.server().reloadTls();
        assertThat(reloaded.subject()).isEqualTo("CN=chat-renewed");
        assertThat(new BigInteger(reloaded.serial(), 16)).isEqualTo(second.serial());
        assertThat(logged("[TLS] reload=ok")).singleElement().asString().contains("subject=\"CN=chat-renewed\"", "not-after=");

        TestClient renewed = chat.login("renewed");
        assertThat(serial(renewed)).isEqualTo(second.serial());
        chatting.get(10, TimeUnit.SECONDS);
        for (int i = 0; i < 200; i++) {
            assertThat(plain.readLine()).isEqualTo("MSG old before and during " + i);
        }
        old.send("MSG still here");
        // renewed logged in while old was sending: it gets the tail of those lines first.
        assertThat(renewed.readUntil("MSG old still here")).allMatch(line -> line.startsWith("MSG old "));
        assertThat(plain.readLine()).isEqualTo("MSG old still here");
        assertThat(serial(old)).as("the old session keeps its certificate").isEqualTo(first.serial());

        // A broken key: the reload fails naming the file, the current certificate stays.
        Files.writeString(privkey, "-----BEGIN PRIVATE KEY-----\nnot base64 at all!\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> chat.server().reloadTls()).isInstanceOf(TlsFileException.class)
                .hasMessageStartingWith("cannot read TLS key " + privkey);
        assertThat(logged("[TLS] reload=failed")).singleElement().asString().contains("file=" + privkey, "cause=");
        assertThat(serial(chat.login("later"))).isEqualTo(second.serial());
        old.send("PING");
        assertThat(old.readLine()).isEqualTo("PONG");
    }

    @Test
    void aTlsClientThatStopsReadingIsCutAsSlowWhileTheOthersGoOn() throws Exception {
        start(ChatFixture.config().maxLineBytes(1024).sendQueueBytes(16 * 1024));
        NumberedStream stream = new NumberedStream(60_000, "x".repeat(80));
        ChatServer server = chat.server();
        TestClient stuck = chat.track(TestClient.connectTls(new InetSocketAddress("127.0.0.1", chat.tlsPort()), 4096,
                chat.tlsClient()));
        stuck.send("LOGIN stuck");
        assertThat(stuck.readLine()).isEqualTo("OK");
        TestClient reader = chat.login("reader");
        TestClient sender = chat.loginPlain("sender");

        CompletableFuture<Void> sending = stream.sendAll(sender);
        stream.readAllInOrder(reader, "sender"); // never reads "stuck"

        sending.get(60, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.stats().slowDisconnects() == 1);
        assertThat(logged("[SLOW]")).singleElement().asString().contains("user=stuck");
        assertThat(stuck.readUntilClosed()).hasSizeLessThan(60_000);
    }

    @Test
    void limitsAndShutdownAreTheSameOverTls() throws Exception {
        start(ChatFixture.config().maxClients(2));
        TestClient plain = chat.loginPlain("plain");
        TestClient secure = chat.login("secure");
        TestClient refused = chat.connect();
        assertThat(refused.readLine()).as("the refusal is read over TLS").isEqualTo("ERR server-full");
        assertThat(refused.readUntilClosed()).isEmpty();
        assertThat(logged("[REJECT]")).singleElement().asString().contains("reason=server-full");

        Thread shutdown = Thread.ofVirtual().start(() -> chat.server().shutdown());
        assertThat(secure.readUntilClosed()).containsExactly("INFO server shutting down");
        assertThat(plain.readUntilClosed()).containsExactly("INFO server shutting down");
        shutdown.join(Duration.ofSeconds(10));
        assertThat(chat.server().isShutDown()).isTrue();
    }

    @Test
    void kickIdleTimeoutAndTheLoginDeadlineWorkOverTls() {
        start(ChatFixture.config().idleTimeout(Duration.ofMillis(1500)).loginTimeout(Duration.ofMillis(1500)));
        TestClient anonymous = chat.connect(); // handshake done, never logs in
        TestClient kicked = chat.login("kicked");
        TestClient idle = chat.login("idle");
        assertThat(chat.server().kick("kicked", "bye", "console")).isTrue();
        assertThat(kicked.readUntilClosed()).containsExactly("INFO kicked by operator: bye");
        assertThat(anonymous.readUntilClosed()).containsExactly("ERR login-timeout");
        assertThat(idle.readUntilClosed()).containsExactly("INFO kicked disconnected", "INFO disconnected due to inactivity");
        assertThat(logged("[DISCONNECT]")).anyMatch(line -> line.contains("user=kicked") && line.contains("reason=kicked"))
                .anyMatch(line -> line.contains("user=-") && line.contains("reason=login-timeout"))
                .anyMatch(line -> line.contains("user=idle") && line.contains("reason=idle"));
    }

    @Test
    void certbotKeysInEveryFormTheJdkReadsAndPkcs12Work() throws Exception {
        TestCertificates.Leaf rsa = second;
        List<TlsSettings> settings = List.of(
                TlsSettings.pem(0, first.fullchain(), certificates.traditionalKey(first)), // BEGIN EC PRIVATE KEY
                TlsSettings.pem(0, rsa.fullchain(), certificates.traditionalKey(rsa)), // BEGIN RSA PRIVATE KEY
                TlsSettings.pem(0, rsa.fullchain(), rsa.privkey()), // PKCS#8 RSA
                TlsSettings.pkcs12(0, certificates.pkcs12(first, "secret"), "secret"));
        for (TlsSettings tls : settings) {
            try (ChatServer server = ChatServer.start(ChatFixture.config().tls(tls).build(), ChatServer.discoverCommands());
                 TestClient client = TestClient.connectTls(server.tlsAddress().orElseThrow().getPort(), certificates.trustingClient())) {
                client.send("PING");
                assertThat(client.readLine()).as(tls.toString()).isEqualTo("PONG");
            }
        }
        assertThatThrownBy(() -> ChatServer.start(ChatFixture.config().tls(TlsSettings.pem(0, first.fullchain(), rsa.privkey())).build(),
                ChatServer.discoverCommands()))
                .isInstanceOf(TlsFileException.class)
                .hasMessageStartingWith("cannot read TLS key " + rsa.privkey() + ":");
        Path missing = serverFiles.resolve("missing.pem");
        assertThatThrownBy(() -> ChatServer.start(ChatFixture.config().tls(TlsSettings.pem(0, missing, first.privkey())).build(),
                ChatServer.discoverCommands()))
                .isInstanceOf(TlsFileException.class)
                .hasMessage("cannot read TLS certificate " + missing + ": no such file");
    }

    // ---- helpers ----

    private static BigInteger serial(TestClient client) throws IOException {
        return ((X509Certificate) ((SSLSocket) client.socket()).getSession().getPeerCertificates()[0]).getSerialNumber();
    }

    private static String readToEnd(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return ""; // a reset ends it too
        }
    }

    private LineProcess spawn(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        processes.add(process);
        return new LineProcess(process);
    }

    /** A client process: lines typed into its stdin, lines read from its stdout with a deadline. */
    private static final class LineProcess {
        final Process process;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final OutputStream input;

        LineProcess(Process process) {
            this.process = process;
            this.input = process.getOutputStream();
            Thread.ofVirtual().start(() -> {
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        lines.add(line);
                    }
                } catch (IOException ignored) {
                    // killed
                } finally {
                    lines.add(EOF);
                }
            });
        }

        void type(String line) {
            try {
                input.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                input.flush();
            } catch (IOException e) {
                // the process already ended (a refused handshake): its output says so
            }
        }

        void closeInput() {
            try {
                input.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String next() throws InterruptedException {
            String line = lines.poll(TestClient.DEFAULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(line).as("a line within %s", TestClient.DEFAULT_TIMEOUT).isNotNull();
            return line;
        }
    }
}
