package io.socketchat.server;

/** What serves the plain TCP listener's connections ({@code --io}). */
public enum IoEngine {
    /**
     * A few I/O loops on NIO selectors: an idle connection is only an epoll registration, and
     * non-blocking commands run on the loop that read them (the default).
     */
    LOOP,
    /**
     * One virtual thread per connection blocked in its read, and one for its writes (the engine
     * the TLS listener always uses).
     */
    VIRTUAL
}
