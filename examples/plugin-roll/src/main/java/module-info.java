/**
 * Example SocketChat plugin: {@code ROLL <n>d<sides>}. A plugin is a named module that
 * requires the SPI module and provides command handlers; the server finds them with
 * ServiceLoader when the jar is in its plugin directory.
 */
module io.socketchat.example.roll {
    requires io.socketchat.server;

    provides io.socketchat.server.spi.CommandHandler with io.socketchat.example.roll.RollCommand;
}
