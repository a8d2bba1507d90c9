package io.socketchat.server.internal;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The byte pipe under a session. TCP is one; TLS or WebSocket adapters are others. The
 * session core writes whole lines and closes; framing of input is the transport's job, which
 * hands the bytes it reads to the session's {@link Inbound}.
 *
 * <p>Writes never block: a transport takes what fits now and, when asked, calls
 * {@link ClientSession#writable()} once it can take more. So no thread waits on a slow peer.
 */
public interface Transport {

    /**
     * Writes what the peer's buffer takes now from {@code source}'s remaining bytes, without
     * blocking, and moves its position past them.
     *
     * @return the number of bytes taken; less than were remaining (perhaps 0) when it is full
     */
    int write(ByteBuffer source) throws IOException;

    /** Asks for one call of the session's {@code writable()} once {@link #write} can take bytes again. */
    void requestWritable();

    /** Everything queued has been written: tell the peer no more will come (TCP FIN). */
    void finishOutput() throws IOException;

    /** Closes at once; input then ends (the session hears {@code inputEnded}). Idempotent. */
    void close();

    String remoteAddress();
}
