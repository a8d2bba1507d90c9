/** The {@code chat-server} command line: options, environment, logging setup, signals. */
module io.socketchat.console {
    requires io.socketchat.server;
    requires io.socketchat.store.sqlite;
    requires io.socketchat.store.postgres;
    requires io.socketchat.cluster;
    requires io.socketchat.web;
    requires io.socketchat.irc;
    requires info.picocli;
    requires org.slf4j;
    requires ch.qos.logback.classic;
    requires ch.qos.logback.core;
    requires org.jline.reader;
    // JLine turns Ctrl-C at the prompt into "clear the line" through sun.misc.Signal, found
    // reflectively; without this module in the graph Ctrl-C would stop the server instead.
    requires jdk.unsupported;

    // picocli reflects on the command classes to bind options.
    opens io.socketchat.console to info.picocli;
    opens io.socketchat.console.admin to info.picocli;
    // logback.xml names the console appender; logback creates and configures it reflectively.
    opens io.socketchat.console.logging to ch.qos.logback.core;
}
