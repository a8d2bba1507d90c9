package io.socketchat.bench;

import io.socketchat.testkit.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The TLS client wrapper against a real {@link SSLServerSocket} on loopback that echoes what
 * it reads: handshake, a round trip larger than one TLS record, and a certificate it must refuse.
 */
class TlsChannelTest {

    @TempDir
    static Path directory;

    private static TestCertificates certificates;
    private static SSLServerSocket echoServer;
    private static Thread acceptor;

    @BeforeAll
    static void startEchoServer() throws Exception {
        certificates = TestCertificates.createCa(directory);
        TestCertificates.Leaf leaf = certificates.issue("localhost", "ec");
        Path keystore = certificates.pkcs12(leaf, "secret");
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = java.nio.file.Files.newInputStream(keystore)) {
            keys.load(in, "secret".toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, "secret".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), null, null);
        echoServer = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofVirtual().start(() -> {
            while (!echoServer.isClosed()) {
                try {
                    SSLSocket socket = (SSLSocket) echoServer.accept();
                    Thread.ofVirtual().start(() -> echo(socket));
                } catch (Exception e) {
                    return; // closed at the end of the tests
                }
            }
        });
    }

    private static void echo(SSLSocket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            in.transferTo(out);
        } catch (Exception e) {
            // a client that gave up on the handshake: nothing to echo
        }
    }

    @AfterAll
    static void stopEchoServer() throws Exception {
        echoServer.close();
        acceptor.join(TimeUnit.SECONDS.toMillis(5));
    }

    private static SocketChannel connected() throws Exception {
        return SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), echoServer.getLocalPort()));
    }

    @Test
    void echoesMoreThanOneRecordThroughNonBlockingReadsAndWrites() throws Exception {
        SSLContext client = TlsChannel.clientContext(certificates.caCertificate());
        try (SocketChannel channel = connected(); Selector readable = Selector.open()) {
            TlsChannel tls = TlsChannel.handshake(channel, client);
            channel.configureBlocking(false);
            channel.register(readable, SelectionKey.OP_READ);
            byte[] sent = new byte[100_000]; // about six TLS records
            for (int i = 0; i < sent.length; i++) {
                sent[i] = (byte) ('a' + i % 26);
            }
            ByteBuffer out = ByteBuffer.wrap(sent);
            ByteBuffer in = ByteBuffer.allocate(sent.length);
            byte[] small = new byte[1000]; // smaller than a record: the wrapper must hold the rest
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while ((out.hasRemaining() || !tls.flush() || in.hasRemaining()) && System.nanoTime() < deadline) {
                tls.write(out);
                ByteBuffer chunk = ByteBuffer.wrap(small, 0, Math.min(small.length, in.remaining()));
                int read = tls.read(chunk);
                assertThat(read).isNotNegative();
                in.put(small, 0, read);
                if (read == 0) {
                    readable.select(20); // until the echo sends more (or a moment, while writes are pending)
                    readable.selectedKeys().clear();
                }
            }
            assertThat(in.hasRemaining()).as("bytes still missing").isFalse();
            assertThat(Arrays.equals(in.array(), sent)).isTrue();
        }
    }

    @Test
    void readsTheEndOfTheStreamAsMinusOne() throws Exception {
        try (SocketChannel channel = connected()) {
            TlsChannel tls = TlsChannel.handshake(channel, TlsChannel.clientContext(certificates.caCertificate()));
            ByteBuffer line = ByteBuffer.wrap("PING\n".getBytes(StandardCharsets.US_ASCII));
            while (line.hasRemaining() || !tls.flush()) {
                tls.write(line);
            }
            channel.shutdownOutput(); // the echo ends, and closes its side
            ByteBuffer in = ByteBuffer.allocate(64);
            int read;
            while ((read = tls.read(in)) >= 0) {
                assertThat(in.position()).isLessThanOrEqualTo(5);
            }
            assertThat(read).isEqualTo(-1);
            assertThat(new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII)).isEqualTo("PING\n");
        }
    }

    @Test
    void refusesACertificateItDoesNotTrust() throws Exception {
        TestCertificates otherCa = TestCertificates.createCa(java.nio.file.Files.createTempDirectory(directory, "other"));
        SSLContext trustsOther = TlsChannel.clientContext(otherCa.caCertificate());
        try (SocketChannel channel = connected()) {
            assertThatThrownBy(() -> TlsChannel.handshake(channel, trustsOther)).isInstanceOf(SSLException.class);
        }
    }
}
