/**
 * The built-in commands. Each is an ordinary provider of the command SPI, found through
 * ServiceLoader exactly like a third-party plugin; the server core knows none by name.
 */
module io.socketchat.commands {
    requires io.socketchat.server;
    requires org.slf4j;

    provides io.socketchat.server.spi.CommandHandler with
            io.socketchat.commands.LoginCommand,
            io.socketchat.commands.MsgCommand,
            io.socketchat.commands.DmCommand,
            io.socketchat.commands.WhoCommand,
            io.socketchat.commands.PingCommand,
            io.socketchat.commands.JoinCommand,
            io.socketchat.commands.PartCommand,
            io.socketchat.commands.SayCommand,
            io.socketchat.commands.TopicCommand,
            io.socketchat.commands.RoomsCommand,
            io.socketchat.commands.HistoryCommand,
            io.socketchat.commands.RegisterCommand,
            io.socketchat.commands.AuthCommand,
            io.socketchat.commands.PasswordCommand,
            io.socketchat.commands.UnregisterCommand;
}
