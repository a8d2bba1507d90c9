package io.socketchat.server.transport;

/**
 * The input side of one connection, as the session core steers it: the core pauses reading
 * while more input waits than it takes (so the peer's window fills and nothing is dropped),
 * and says when the session is over.
 */
public interface InputControl {

    /** Stop reading until {@link #resumeReading()}. May be called from any thread. */
    void pauseReading();

    void resumeReading();

    /** The session has handled its last input and ended for {@code reason}: release the connection. */
    void inputFinished(String reason);
}
