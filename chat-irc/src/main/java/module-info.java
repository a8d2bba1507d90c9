/**
 * The IRC port of a SocketChat server: IRC clients (irssi, WeeChat, HexChat) join the same
 * chat as line-protocol clients. Each IRC connection is a session of the core over its
 * transport seam; a codec translates IRC commands into protocol lines for the one input
 * pipeline, and the protocol's lines out into IRC messages and numerics. Plain TCP, and TLS
 * with the core's certificate.
 */
module io.socketchat.irc {
    requires io.socketchat.server;
    requires org.slf4j;

    exports io.socketchat.irc;
}
