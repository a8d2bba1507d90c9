package io.socketchat.server.internal;

import io.socketchat.protocol.LineDecoder;
import io.socketchat.protocol.TelnetFilter;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A TCP client: the socket as a {@link Transport}, and the blocking read loop that runs on
 * the connection's own virtual thread and hands complete lines to the session.
 */
public final class TcpConnection implements Transport, LineDecoder.Listener {

    private static final int MIN_READ_BUFFER = 512;
    private static final int MAX_READ_BUFFER = 16 * 1024;

    private final Socket socket;
    private final String remoteAddress;
    private final String remoteHost;
    private final OutputStream out;
    private final LineDecoder decoder;
    private final TelnetFilter telnet = new TelnetFilter();
    private ClientSession session;

    public TcpConnection(Socket socket, int maxLineBytes) throws IOException {
        this.socket = socket;
        InetSocketAddress remote = (InetSocketAddress) socket.getRemoteSocketAddress();
        this.remoteHost = remote.getAddress().getHostAddress();
        this.remoteAddress = remote.getAddress() instanceof java.net.Inet6Address
                ? "[" + remoteHost + "]:" + remote.getPort()
                : remoteHost + ":" + remote.getPort();
        this.out = socket.getOutputStream();
        this.decoder = new LineDecoder(maxLineBytes);
        socket.setTcpNoDelay(true);
    }

    /** Reads until the peer or the server ends the connection. Runs on a virtual thread. */
    public void serve(ClientSession owner) {
        this.session = owner;
        String reason = "quit";
        try {
            InputStream in = socket.getInputStream();
            // Start small so idle connections stay cheap; grow while reads fill the buffer.
            byte[] buffer = new byte[MIN_READ_BUFFER];
            int read;
            while ((read = in.read(buffer)) > 0) {
                // Telnet negotiation is dropped before framing: never text, never relayed.
                int kept = telnet.filter(buffer, 0, read);
                decoder.feed(buffer, 0, kept, this);
                if (read == buffer.length && buffer.length < MAX_READ_BUFFER) {
                    buffer = new byte[buffer.length * 2];
                }
            }
        } catch (IOException e) {
            reason = "reset";
        } finally {
            owner.inputEnded(reason);
        }
    }

    @Override
    public void line(byte[] bytes, int offset, int length) {
        session.receive(bytes, offset, length);
    }

    @Override
    public void lineTooLong() {
        session.receiveTooLong();
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
    }

    @Override
    public void finishOutput() throws IOException {
        socket.shutdownOutput();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is best effort; the socket is unusable either way
        }
    }

    @Override
    public String remoteAddress() {
        return remoteAddress;
    }

    @Override
    public String remoteHost() {
        return remoteHost;
    }
}
