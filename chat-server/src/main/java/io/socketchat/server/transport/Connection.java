package io.socketchat.server.transport;

/**
 * The session core's side of one connection, which its transport drives: the input it
 * reads, and the news that it can write again. Every transport uses the same pipeline from
 * here: framing (for a byte stream), decoding, text rules, flood control, then the command;
 * and the same limits, idle timeout, kick and shutdown.
 *
 * <p>Input calls come from one thread at a time, the one the transport declared when the
 * connection was opened ({@link InputThread}).
 */
public interface Connection {

    /**
     * How many more bytes the transport may hand over now; 0 means pause reading (the core
     * also calls {@link InputControl#pauseReading()}, and resumes it when there is room).
     */
    int room();

    /** Bytes of a byte stream (TCP, TLS), as they came: the core frames them into lines at LF. */
    void received(byte[] bytes, int offset, int length);

    /**
     * One line of a message-framed transport (a WebSocket text message), without a line
     * terminator. A line longer than the line limit is answered as on a stream.
     */
    void receivedLine(byte[] bytes, int offset, int length);

    /** No more input will come, for {@code reason} ({@code quit}, {@code reset}, {@code closed}). The first reason stays. */
    void ended(String reason);

    /** The transport can take bytes again, after {@link Transport#requestWritable()}. */
    void writable();
}
