package io.socketchat.console.admin;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/** The attaching side of {@link AdminProtocol}: connect, greet, then run commands one by one. */
final class AdminClient implements AutoCloseable {

    /** Nothing listens at the path: no file, or a socket left behind by a server that is gone. */
    static final class NoServerException extends IOException {
        NoServerException(String message) {
            super(message);
        }
    }

    /** The server answered something that is not protocol version 1. */
    static final class ProtocolException extends IOException {
        ProtocolException(String message) {
            super(message);
        }
    }

    private final SocketChannel channel;
    private final InputStream in;
    private final OutputStream out;

    private AdminClient(SocketChannel channel) {
        this.channel = channel;
        this.in = new BufferedInputStream(Channels.newInputStream(channel));
        this.out = new BufferedOutputStream(Channels.newOutputStream(channel));
    }

    static AdminClient connect(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new NoServerException("no server is listening: " + path + " does not exist");
        }
        SocketChannel channel;
        try {
            channel = SocketChannel.open(UnixDomainSocketAddress.of(path));
        } catch (ConnectException e) {
            throw new NoServerException("no server is listening on " + path + " (" + e.getMessage() + ")");
        }
        AdminClient client = new AdminClient(channel);
        try {
            AdminProtocol.writeLine(client.out, AdminProtocol.hello());
            String answer = AdminProtocol.readLine(client.in);
            if (!AdminProtocol.accepted().equals(answer)) {
                throw new ProtocolException("the server at " + path + " does not speak admin protocol "
                        + AdminProtocol.VERSION + "; it answered: " + answer);
            }
            return client;
        } catch (IOException e) {
            client.close();
            throw e;
        }
    }

    /** Sends one command line and collects the answer up to its EXIT line. */
    CommandResult run(String line) throws IOException {
        if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a command is one line");
        }
        AdminProtocol.writeLine(out, line);
        StringBuilder stdout = new StringBuilder();
        StringBuilder stderr = new StringBuilder();
        String answer;
        while ((answer = AdminProtocol.readLine(in)) != null) {
            if (answer.startsWith(AdminProtocol.OUT)) {
                stdout.append(answer, AdminProtocol.OUT.length(), answer.length()).append('\n');
            } else if (answer.startsWith(AdminProtocol.ERR)) {
                stderr.append(answer, AdminProtocol.ERR.length(), answer.length()).append('\n');
            } else if (answer.startsWith(AdminProtocol.EXIT)) {
                try {
                    int exitCode = Integer.parseInt(answer.substring(AdminProtocol.EXIT.length()).trim());
                    return new CommandResult(exitCode, stdout.toString(), stderr.toString());
                } catch (NumberFormatException e) {
                    throw new ProtocolException("bad answer line: " + answer);
                }
            } else {
                throw new ProtocolException("bad answer line: " + answer);
            }
        }
        throw new ProtocolException("the server closed the connection before answering");
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to do
        }
    }
}
