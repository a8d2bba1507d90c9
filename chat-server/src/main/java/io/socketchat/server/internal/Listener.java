package io.socketchat.server.internal;

import java.net.InetSocketAddress;

/** A listening socket the server accepts connections on, whichever engine serves them. */
public interface Listener extends AutoCloseable {

    InetSocketAddress localAddress();

    /** Stops accepting; the sessions already open go on. */
    @Override
    void close();
}
