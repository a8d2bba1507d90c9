package io.socketchat.commands;

import io.socketchat.server.ChatServer;
import io.socketchat.server.transport.ConnectResult;
import io.socketchat.server.transport.Connection;
import io.socketchat.server.transport.InputControl;
import io.socketchat.server.transport.InputThread;
import io.socketchat.server.transport.Transport;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A message-framed transport built only on the server's exported transport seam, as a
 * WebSocket adapter would be: each message is one protocol line, framed on the wire as a
 * two-byte length and its UTF-8 bytes (no LF anywhere). A listener on a real loopback socket
 * hands every accepted connection to {@link ChatServer#connect}; a refused one gets its error
 * line as one message.
 */
final class FramedTransport implements AutoCloseable {

    private final ServerSocket serverSocket;
    private final Thread acceptor;

    private FramedTransport(ServerSocket serverSocket, ChatServer server) {
        this.serverSocket = serverSocket;
        this.acceptor = Thread.ofVirtual().name("framed-accept").start(() -> acceptLoop(server));
    }

    static FramedTransport listen(ChatServer server) {
        try {
            ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            return new FramedTransport(socket, server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    InetSocketAddress address() {
        return (InetSocketAddress) serverSocket.getLocalSocketAddress();
    }

    private void acceptLoop(ChatServer server) {
        while (!serverSocket.isClosed()) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                return;
            }
            Thread.ofVirtual().start(() -> serve(server, socket));
        }
    }

    private static void serve(ChatServer server, Socket socket) {
        Peer peer = new Peer(socket);
        switch (server.connect(socket.getInetAddress(), peer, peer, InputThread.MAY_BLOCK)) {
            case ConnectResult.Admitted admitted -> peer.run(admitted.connection());
            case ConnectResult.Refused refused -> peer.refuse(refused.errorLine());
        }
    }

    @Override
    public void close() throws Exception {
        serverSocket.close();
        acceptor.join();
    }

    /** One framed connection: a reader (this connection's own virtual thread) and a writer thread. */
    private static final class Peer implements Transport, InputControl {

        private static final int MAX_BUFFERED = 64 * 1024;

        private final Socket socket;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition changed = lock.newCondition();
        // Guarded by lock: bytes of whole lines the writer has not framed yet.
        private final ByteBuffer pending = ByteBuffer.allocate(MAX_BUFFERED);
        private boolean writableRequested;
        private boolean finishRequested;
        private boolean closed;
        private Connection connection;

        Peer(Socket socket) {
            this.socket = socket;
        }

        void run(Connection admitted) {
            connection = admitted;
            Thread.ofVirtual().name("framed-writer").start(this::writeLoop);
            String reason = "quit";
            try {
                DataInputStream in = new DataInputStream(socket.getInputStream());
                while (true) {
                    int length = in.readUnsignedShort();
                    byte[] message = in.readNBytes(length);
                    if (message.length < length) {
                        break;
                    }
                    connection.receivedLine(message, 0, message.length);
                }
            } catch (EOFException e) {
                reason = "quit";
            } catch (IOException e) {
                reason = isClosed() ? "closed" : "reset";
            }
            connection.ended(reason);
        }

        void refuse(String errorLine) {
            try (socket) {
                if (errorLine != null) {
                    DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                    byte[] bytes = errorLine.getBytes(StandardCharsets.UTF_8);
                    out.writeShort(bytes.length);
                    out.write(bytes);
                    out.flush();
                }
            } catch (IOException ignored) {
                // the refused peer is gone: nothing more to tell it
            }
        }

        private boolean isClosed() {
            lock.lock();
            try {
                return closed;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public int write(ByteBuffer source) throws IOException {
            lock.lock();
            try {
                if (closed) {
                    throw new IOException("closed");
                }
                int taken = Math.min(source.remaining(), pending.remaining());
                ByteBuffer slice = source.slice(source.position(), taken);
                pending.put(slice);
                source.position(source.position() + taken);
                changed.signalAll();
                return taken;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void requestWritable() {
            lock.lock();
            try {
                writableRequested = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void finishOutput() {
            lock.lock();
            try {
                finishRequested = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        /** Frames each whole line of what was written (its LF dropped) as one message. */
        private void writeLoop() {
            try {
                DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                while (true) {
                    List<byte[]> messages = new ArrayList<>();
                    boolean callBack;
                    boolean finish;
                    lock.lock();
                    try {
                        while (pending.position() == 0 && !writableRequested && !finishRequested && !closed) {
                            changed.awaitUninterruptibly();
                        }
                        if (closed) {
                            return;
                        }
                        pending.flip();
                        int start = 0;
                        for (int i = 0; i < pending.limit(); i++) {
                            if (pending.get(i) == '\n') {
                                byte[] message = new byte[i - start];
                                pending.get(start, message);
                                messages.add(message);
                                start = i + 1;
                            }
                        }
                        pending.position(start);
                        pending.compact();
                        callBack = writableRequested;
                        writableRequested = false;
                        finish = finishRequested && pending.position() == 0;
                    } finally {
                        lock.unlock();
                    }
                    for (byte[] message : messages) {
                        out.writeShort(message.length);
                        out.write(message);
                    }
                    out.flush();
                    if (callBack) {
                        connection.writable();
                    }
                    if (finish) {
                        socket.shutdownOutput();
                        return;
                    }
                }
            } catch (IOException e) {
                close();
            }
        }

        @Override
        public void close() {
            lock.lock();
            try {
                closed = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing is best effort
            }
        }

        @Override
        public String remoteAddress() {
            return socket.getInetAddress().getHostAddress() + ":" + socket.getPort();
        }

        @Override
        public void pauseReading() {
            // The reader is this connection's own thread, which the core holds while it handles a line.
        }

        @Override
        public void resumeReading() {
        }

        @Override
        public void inputFinished(String reason) {
            close();
        }
    }

    /** A client of the framed transport. */
    static final class Client implements AutoCloseable {
        private final Socket socket;
        private final DataInputStream in;
        private final DataOutputStream out;

        Client(InetSocketAddress address) {
            try {
                socket = new Socket(address.getAddress(), address.getPort());
                socket.setSoTimeout(10_000);
                in = new DataInputStream(socket.getInputStream());
                out = new DataOutputStream(socket.getOutputStream());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Client send(String line) {
            try {
                byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                out.writeShort(bytes.length);
                out.write(bytes);
                out.flush();
                return this;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The next message, or null at the end of the stream. */
        String read() {
            try {
                int length = in.readUnsignedShort();
                return new String(in.readNBytes(length), StandardCharsets.UTF_8);
            } catch (EOFException e) {
                return null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
