/**
 * The SocketChat load generator. It speaks the wire protocol from many sockets and needs
 * nothing from the server's modules, so it measures any server that speaks the protocol.
 */
module io.socketchat.bench {
    requires info.picocli;
    requires HdrHistogram; // automatic module: the 2.2.2 jar has no module descriptor or Automatic-Module-Name

    opens io.socketchat.bench to info.picocli;
}
