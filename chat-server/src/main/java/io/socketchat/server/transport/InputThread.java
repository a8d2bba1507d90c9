package io.socketchat.server.transport;

/**
 * What the thread that hands a connection's input to the core may be used for: this decides
 * where each line is handled, so the core never has to ask which kind of thread it is on.
 */
public enum InputThread {

    /**
     * A thread shared by many connections (an event loop): the core handles a line on it only
     * when nothing can make it wait (a command declared non-blocking, let through by flood
     * control now) and hands every other line to the session's own virtual thread.
     */
    NEVER_BLOCKS,

    /**
     * The connection's own thread (a virtual thread per connection): the core handles every
     * line on it, and flood control and back-pressure pause it.
     */
    MAY_BLOCK
}
