package io.socketchat.server.transport;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The output side of one connection, as the session core drives it: whole encoded lines
 * go in, and the transport moves them to the peer. TCP and TLS are transports; so is any
 * adapter that carries lines another way (a WebSocket sends each line as one message).
 *
 * <p>Writes never block: a transport takes what fits now and, when asked, calls {@link
 * Connection#writable()} once it can take more. So no thread of the core waits on a slow peer,
 * and the core's send-queue limits, memory budget and slow-client cut-off apply to every
 * transport alike.
 */
public interface Transport {

    /**
     * Writes what the peer's buffer takes now from {@code source}'s remaining bytes, without
     * blocking, and moves its position past them. The bytes are whole lines, each ending in LF;
     * a message-framed transport sends each line without its LF as one message.
     *
     * @return the number of bytes taken; less than were remaining (perhaps 0) when it is full
     * @throws IOException when the connection failed: the session ends ({@code write-error})
     */
    int write(ByteBuffer source) throws IOException;

    /** Asks for one call of {@link Connection#writable()} once {@link #write} can take bytes again. */
    void requestWritable();

    /** Everything queued has been written: tell the peer no more will come (TCP FIN, a close frame). */
    void finishOutput() throws IOException;

    /** Closes at once; then input ends ({@link Connection#ended}). Idempotent. */
    void close();

    /** Where the client connects from, for logs and operators (e.g. {@code 127.0.0.1:50312}). */
    String remoteAddress();

    /**
     * Whether the bytes travel encrypted between the client and this server (TLS), so that a
     * password may be sent on it from any address. False unless the transport says so.
     */
    default boolean isSecure() {
        return false;
    }
}
