package io.socketchat.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/** One bench connection: a name, a socket, and raw byte writes. */
final class BenchClient {

    private final String name;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    BenchClient(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    /** Binds to {@code source} first when given, so connections spread over several local addresses. */
    void connect(InetSocketAddress server, InetAddress source, int timeoutMillis) throws IOException {
        Socket s = new Socket();
        try {
            if (source != null) {
                s.bind(new InetSocketAddress(source, 0));
            }
            s.setTcpNoDelay(true);
            s.connect(server, timeoutMillis);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        socket = s;
        in = s.getInputStream();
        out = s.getOutputStream();
    }

    InputStream in() {
        return in;
    }

    void write(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
    }

    void close() {
        Socket s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // the bench is done with it either way
            }
        }
    }
}
