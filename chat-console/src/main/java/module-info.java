/** The {@code chat-server} command line: options, environment, logging setup, signals. */
module io.socketchat.console {
    requires io.socketchat.server;
    requires info.picocli;
    requires org.slf4j;
    requires ch.qos.logback.classic;
    requires ch.qos.logback.core;

    // picocli reflects on the command classes to bind options.
    opens io.socketchat.console to info.picocli;
}
