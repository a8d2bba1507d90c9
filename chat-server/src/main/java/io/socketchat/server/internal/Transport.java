package io.socketchat.server.internal;

import java.io.IOException;

/**
 * The byte pipe under a session. TCP is one; TLS or WebSocket adapters are others. The
 * session core only writes whole lines and closes; framing of input is the transport's job,
 * which hands complete lines to {@link ClientSession#receive}.
 */
public interface Transport {

    /** Writes bytes, blocking the calling (virtual) thread until the kernel takes them. */
    void write(byte[] bytes, int offset, int length) throws IOException;

    /** Everything queued has been written: tell the peer no more will come (TCP FIN). */
    void finishOutput() throws IOException;

    /** Closes at once; a blocked read or write fails. Idempotent. */
    void close();

    String remoteAddress();

    /** The peer's address without port, for per-address accounting. */
    String remoteHost();
}
