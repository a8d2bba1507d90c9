/**
 * The SocketChat wire format: line framing, request parsing, reply formatting and
 * username rules. Pure functions and small state machines; no I/O and no dependencies,
 * so every transport (TCP today, WebSocket later) shares one definition of the protocol.
 */
module io.socketchat.protocol {
    exports io.socketchat.protocol;
}
