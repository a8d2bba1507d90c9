package io.socketchat.server;

import java.time.Duration;

/**
 * A logged-in user as an operator sees it.
 *
 * @param name           as typed at login
 * @param remoteAddress  where the client connects from
 * @param connectedFor   time since the connection was accepted
 * @param idleFor        time since the client's last command
 * @param queuedBytes    bytes waiting in its outbound queue
 */
public record UserInfo(String name, String remoteAddress, Duration connectedFor, Duration idleFor, long queuedBytes) {
}
