package io.socketchat.console;

import io.socketchat.irc.IrcPort;
import io.socketchat.irc.IrcSettings;
import picocli.CommandLine.Option;

import java.net.InetAddress;

/** The IRC port's flags (IRC clients in the same chat), mixed into {@code chat-server}'s options. */
public final class IrcOptions {

    @Option(names = "--irc-port", converter = Converters.Port.class, paramLabel = "N",
            description = "Port for IRC clients (irssi, WeeChat, HexChat): the same chat, lobby as #lobby, rooms as"
                    + " channels, DMs as PRIVMSG to a nick; 0 for any free port (env CHAT_IRC_PORT; default: "
                    + IrcSettings.DEFAULT_PORT + "). See docs/irc.md.")
    Integer port;

    @Option(names = "--ircs-port", converter = Converters.Port.class, paramLabel = "N",
            description = "Port for IRC over TLS, with the certificate of --tls-cert (and 'tls reload'); needs"
                    + " --tls-port (env CHAT_IRCS_PORT; default: " + IrcSettings.DEFAULT_PORT + ").")
    Integer tlsPort;

    @Option(names = "--irc-bind", paramLabel = "ADDR",
            description = "Address the IRC ports bind (env CHAT_IRC_BIND; default: the --bind address).")
    InetAddress bind;

    /**
     * The IRC port these flags describe; {@code serverBind} is the chat listener's address.
     *
     * @throws IllegalArgumentException when IRC over TLS is asked for without the chat's TLS
     */
    IrcPort ircPort(InetAddress serverBind, boolean tlsOn) {
        if (tlsPort != null && !tlsOn) {
            throw new IllegalArgumentException("--ircs-port needs --tls-port and --tls-cert (the IRC port serves their certificate)");
        }
        if (port == null && tlsPort == null) {
            return IrcPort.off();
        }
        return IrcPort.on(new IrcSettings(bind != null ? bind : serverBind, port, tlsPort));
    }
}
