package io.socketchat.irc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The IRC dialect of one connection: IRC messages from the client become protocol lines for
 * the core's input pipeline ({@link #fromClient}), and the protocol lines the core sends
 * become IRC messages and numerics ({@link #fromServer}). Registration (NICK, USER, CAP,
 * PASS, SASL PLAIN) is held here until it is complete, then it is one {@code LOGIN} (or
 * {@code AUTH}) line. Not thread-safe: its connection calls it under one lock.
 *
 * <p>The protocol answers requests in order, so the codec keeps a queue of what each request
 * it sent expects ({@link Pending}). A request whose success is silent ({@code MSG}, {@code DM},
 * {@code SAY}) or whose listing has no end line ({@code WHO}) is followed by a {@code PING}, and
 * its {@code PONG} ends it: so an {@code ERR} is always matched to the request that caused it.
 * Chat lines ({@code MSG}, {@code DM}, {@code SAY}, {@code JOIN}, {@code PART}, {@code TOPIC},
 * {@code INFO}) are recognised by their word and may come between replies.
 */
final class IrcCodec {

    static final String SERVER = "socketchat";
    static final String LOBBY = "#lobby";
    static final int MAX_LINE = 512;
    /** A line with message tags may be this long (modern IRC, "Message tags"). */
    static final int MAX_TAGGED_LINE = 8191 + MAX_LINE;
    /** "#" and a room name of up to 32 code points. */
    static final int CHANNEL_LENGTH = 33;
    static final String CAPABILITIES = "sasl server-time";
    private static final String HOST = "@" + SERVER;
    /** AUTH refusals that say the password itself was wrong; every other one (tls-required...) refused it unchecked. */
    private static final Set<String> WRONG_PASSWORD = Set.of("unknown-cmd", "bad-credentials");
    /** Longest SASL payload taken, in base64: authzid, authcid and a 256-code-point password, all 4-byte UTF-8, fit. */
    private static final int MAX_SASL_PAYLOAD = 8 * 400;
    private static final byte[] LOBBY_PRIVMSG = (HOST + " PRIVMSG " + LOBBY + " :").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PRIVMSG = (HOST + " PRIVMSG ").getBytes(StandardCharsets.US_ASCII);

    private final String version;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    /** The rooms this user is in, by lower-case name: their names as shown and their members' names. */
    private final Map<String, Channel> channels = new LinkedHashMap<>();

    private String nick;           // as the client asked, until registered; then the SocketChat name's nick
    private String name;           // the SocketChat name once logged in
    private boolean userGiven;
    private String realName = "";
    private String password;
    private boolean capNegotiating;
    private boolean serverTime;
    private boolean saslAwaitingPayload;
    /** AUTHENTICATE chunks of 400 characters: more of the payload follows. */
    private final StringBuilder saslPayload = new StringBuilder();
    /** The login sent (or done) is SASL's: NICK and USER may still come, and registration waits for them and CAP END. */
    private boolean saslLogin;
    private boolean loginSent;
    private boolean registered;
    private boolean inLobby;
    private boolean pingedClient;
    private byte[] nickBytes = new byte[0];

    IrcCodec(String version) {
        this.version = version;
    }

    boolean registered() {
        return registered;
    }

    /**
     * Logged in at the core (SASL answered before CAP END) but not registered yet: chat lines
     * (kept DMs first) must not reach the client before its welcome, so they wait in the core's
     * send queue, under its limits, until registration completes.
     */
    boolean holdsOutput() {
        return name != null && !registered;
    }

    // ---- from the client ----

    /**
     * Handles one line from the client: replies it needs from this codec go to {@code out};
     * the protocol lines to hand to the core are returned, in order.
     */
    List<String> fromClient(String line, IrcOutput out) {
        if (line.isBlank()) {
            return List.of();
        }
        IrcMessage message = IrcMessage.parse(line);
        String command = message.command();
        List<String> core = new ArrayList<>(2);
        switch (command) {
            case "CAP" -> cap(message, out, core);
            case "NICK" -> nickCommand(message, out, core);
            case "USER" -> user(message, out, core);
            case "PASS" -> pass(message, out);
            case "AUTHENTICATE" -> authenticate(message, out, core);
            case "PING" -> {
                pending.add(new Pending.ClientPing(message.count() == 0 ? SERVER : message.param(0)));
                core.add("PING");
            }
            case "PONG" -> {
                // The client answered our PING: it counts as activity for the idle timeout, as a line does on TCP.
                pingedClient = false;
                pending.add(new Pending.Swallow());
                core.add("PING");
            }
            case "QUIT" -> {
                out.line("ERROR :Closing link: " + (message.count() > 0 ? message.param(0) : "quit"));
                out.closeAfterWrite = true;
            }
            default -> {
                if (!registered) {
                    numeric(out, "451", "You have not registered");
                    return core;
                }
                registeredCommand(message, out, core);
            }
        }
        return core;
    }

    private void registeredCommand(IrcMessage message, IrcOutput out, List<String> core) {
        switch (message.command()) {
            case "PRIVMSG", "NOTICE" -> privmsg(message, out, core);
            case "JOIN" -> join(message, out, core);
            case "PART" -> part(message, out, core);
            case "TOPIC" -> topic(message, out, core);
            case "NAMES" -> names(message, out, core);
            case "LIST" -> {
                pending.add(new Pending.Rooms(null));
                core.add("ROOMS");
            }
            case "WHO" -> who(message, out, core);
            case "WHOIS" -> whois(message, out, core);
            case "MODE" -> mode(message, out);
            default -> numeric(out, "421", message.command(), "Unknown command");
        }
    }

    private void cap(IrcMessage message, IrcOutput out, List<String> core) {
        String sub = message.count() > 0 ? message.param(0).toUpperCase(Locale.ROOT) : "";
        String target = target();
        switch (sub) {
            case "LS" -> {
                capNegotiating = !registered;
                boolean v302 = message.count() > 1 && message.param(1).compareTo("302") >= 0;
                out.line(":" + SERVER + " CAP " + target + " LS :" + (v302 ? "sasl=PLAIN server-time" : CAPABILITIES));
            }
            case "LIST" -> out.line(":" + SERVER + " CAP " + target + " LIST :" + (serverTime ? "server-time" : ""));
            case "REQ" -> {
                capNegotiating = !registered;
                String requested = message.count() > 1 ? message.param(1).strip() : "";
                boolean all = true;
                for (String cap : requested.split(" +")) {
                    String bare = cap.startsWith("-") ? cap.substring(1) : cap;
                    all &= bare.equals("sasl") || bare.equals("server-time");
                }
                if (all && !requested.isEmpty()) {
                    for (String cap : requested.split(" +")) {
                        if (cap.equals("server-time")) {
                            serverTime = true;
                        } else if (cap.equals("-server-time")) {
                            serverTime = false;
                        }
                    }
                    out.line(":" + SERVER + " CAP " + target + " ACK :" + requested);
                } else {
                    out.line(":" + SERVER + " CAP " + target + " NAK :" + requested);
                }
            }
            case "END" -> {
                capNegotiating = false;
                tryRegister(out, core);
            }
            default -> numeric(out, "410", sub, "Invalid CAP command");
        }
    }

    private void nickCommand(IrcMessage message, IrcOutput out, List<String> core) {
        if (message.count() == 0 || message.param(0).isEmpty()) {
            numeric(out, "431", "No nickname given");
            return;
        }
        String wanted = message.param(0);
        if (saslLogin && !registered) {
            // The account's name will be the nick; this one is kept in case SASL fails and the client goes on as a guest.
            if (IrcNicks.name(wanted) == null) {
                numeric(out, "432", wanted, "Erroneous nickname");
            } else if (name == null) {
                nick = wanted;
            }
            return;
        }
        if (registered || loginSent) {
            if (!wanted.equalsIgnoreCase(nick)) {
                numeric(out, "447", "Can not change nickname: a SocketChat name is kept for the whole session");
            }
            return;
        }
        if (IrcNicks.name(wanted) == null) {
            numeric(out, "432", wanted, "Erroneous nickname");
            return;
        }
        nick = wanted;
        tryRegister(out, core);
    }

    private void user(IrcMessage message, IrcOutput out, List<String> core) {
        if (registered || (loginSent && !saslLogin)) {
            numeric(out, "462", "You may not reregister");
            return;
        }
        if (message.count() < 4) {
            numeric(out, "461", "USER", "Not enough parameters");
            return;
        }
        userGiven = true;
        realName = message.param(3);
        tryRegister(out, core);
    }

    private void pass(IrcMessage message, IrcOutput out) {
        if (registered || loginSent) {
            numeric(out, "462", "You may not reregister");
            return;
        }
        if (message.count() < 1) {
            numeric(out, "461", "PASS", "Not enough parameters");
            return;
        }
        password = message.param(0);
    }

    private void authenticate(IrcMessage message, IrcOutput out, List<String> core) {
        if (registered || loginSent || name != null) {
            numeric(out, "907", "You have already authenticated using SASL");
            return;
        }
        if (message.count() < 1) {
            numeric(out, "461", "AUTHENTICATE", "Not enough parameters");
            return;
        }
        String argument = message.param(0);
        if (argument.equals("*")) {
            saslAwaitingPayload = false;
            saslPayload.setLength(0);
            numeric(out, "906", "SASL authentication aborted");
            return;
        }
        if (!saslAwaitingPayload) {
            if (!argument.equalsIgnoreCase("PLAIN")) {
                numeric(out, "908", "PLAIN", "are available SASL mechanisms");
                numeric(out, "904", "SASL authentication failed");
                return;
            }
            saslAwaitingPayload = true;
            out.line("AUTHENTICATE +");
            return;
        }
        // IRCv3 SASL: a payload is sent in chunks of 400 characters; a shorter chunk, or "+", ends it.
        if (!argument.equals("+")) {
            saslPayload.append(argument);
        }
        if (saslPayload.length() > MAX_SASL_PAYLOAD) {
            saslAwaitingPayload = false;
            saslPayload.setLength(0);
            numeric(out, "905", "SASL message too long");
            numeric(out, "904", "SASL authentication failed");
            return;
        }
        if (argument.length() == 400) {
            return;
        }
        saslAwaitingPayload = false;
        String payload = saslPayload.toString();
        saslPayload.setLength(0);
        String[] parts;
        try {
            parts = new String(Base64.getDecoder().decode(payload), StandardCharsets.UTF_8).split("\0", -1);
        } catch (IllegalArgumentException e) {
            numeric(out, "904", "SASL authentication failed");
            return;
        }
        if (parts.length != 3 || parts[1].isEmpty() || parts[2].isEmpty() || parts[2].contains(" ")) {
            numeric(out, "904", "SASL authentication failed");
            return;
        }
        String account = parts[1];
        pending.add(new Pending.Login(IrcNicks.nick(account), account, Pending.Via.SASL));
        loginSent = true;
        saslLogin = true;
        core.add("AUTH " + account + " " + parts[2]);
    }

    /**
     * Once NICK and USER are in and capability negotiation is over: LOGIN, or AUTH with a PASS;
     * or, logged in by SASL already, the welcome.
     */
    private void tryRegister(IrcOutput out, List<String> core) {
        if (registered || !userGiven || capNegotiating) {
            return;
        }
        if (name != null) {
            complete(out);
            return;
        }
        if (loginSent || nick == null) {
            return;
        }
        String wanted = IrcNicks.name(nick);
        loginSent = true;
        if (password != null) {
            pending.add(new Pending.Login(nick, wanted, Pending.Via.PASS));
            core.add("AUTH " + wanted + " " + password);
        } else {
            pending.add(new Pending.Login(nick, wanted, Pending.Via.LOGIN));
            core.add("LOGIN " + wanted);
        }
    }

    private void privmsg(IrcMessage message, IrcOutput out, List<String> core) {
        boolean notice = message.command().equals("NOTICE");
        if (message.count() == 0) {
            if (!notice) {
                numeric(out, "411", "No recipient given (" + message.command() + ")");
            }
            return;
        }
        if (message.count() < 2 || message.param(1).isEmpty()) {
            if (!notice) {
                numeric(out, "412", "No text to send");
            }
            return;
        }
        String text = message.param(1);
        for (String target : message.param(0).split(",")) {
            if (target.isEmpty()) {
                continue;
            }
            if (hasControlCharacters(text)) {
                // The chat refuses control characters (colours, CTCP) for every client: say so, send nothing.
                if (!notice) {
                    numeric(out, "404", target, "Cannot send to channel: control characters (colours, CTCP) are not allowed");
                }
                continue;
            }
            if (target.startsWith("#")) {
                if (isLobby(target)) {
                    pending.add(new Pending.Quiet(LOBBY, notice));
                    core.add("MSG " + text);
                } else {
                    pending.add(new Pending.Quiet(target, notice));
                    core.add("SAY " + target + " " + text);
                }
            } else {
                String recipient = IrcNicks.name(target);
                if (recipient == null) {
                    if (!notice) {
                        numeric(out, "401", target, "No such nick/channel");
                    }
                    continue;
                }
                pending.add(new Pending.Quiet(target, notice));
                core.add("DM " + recipient + " " + text);
            }
            core.add("PING");
        }
    }

    private void join(IrcMessage message, IrcOutput out, List<String> core) {
        if (message.count() == 0) {
            numeric(out, "461", "JOIN", "Not enough parameters");
            return;
        }
        for (String channel : message.param(0).split(",")) {
            if (channel.isEmpty()) {
                continue;
            }
            if (isLobby(channel)) {
                if (!inLobby) {
                    joinLobby(out);
                }
            } else if (!channel.startsWith("#") || hasControlCharacters(channel)) {
                numeric(out, "403", channel, "No such channel");
            } else if (!channels.containsKey(key(channel))) {
                pending.add(new Pending.Join(channel, new ArrayList<>()));
                core.add("JOIN " + channel);
            }
        }
    }

    private void part(IrcMessage message, IrcOutput out, List<String> core) {
        if (message.count() == 0) {
            numeric(out, "461", "PART", "Not enough parameters");
            return;
        }
        for (String channel : message.param(0).split(",")) {
            if (isLobby(channel)) {
                if (inLobby) {
                    // The lobby cannot be left: the client stops showing it until it joins again.
                    inLobby = false;
                    out.line(":" + prefix(nick) + " PART " + LOBBY);
                } else {
                    numeric(out, "442", LOBBY, "You're not on that channel");
                }
            } else if (!channel.isEmpty()) {
                pending.add(new Pending.Part(channel));
                core.add("PART " + channel);
            }
        }
    }

    private void topic(IrcMessage message, IrcOutput out, List<String> core) {
        if (message.count() == 0) {
            numeric(out, "461", "TOPIC", "Not enough parameters");
            return;
        }
        String channel = message.param(0);
        if (isLobby(channel)) {
            if (message.count() == 1) {
                numeric(out, "331", LOBBY, "No topic is set");
            } else {
                numeric(out, "482", LOBBY, "The lobby has no topic");
            }
            return;
        }
        if (message.count() == 1) {
            pending.add(new Pending.Rooms(channel));
            core.add("ROOMS");
            return;
        }
        String text = message.param(1);
        if (text.isEmpty() || hasControlCharacters(text)) {
            numeric(out, "482", channel, "Topic refused: empty, or with control characters");
            return;
        }
        pending.add(new Pending.TopicSet(channel, text));
        core.add("TOPIC " + channel + " " + text);
    }

    private void names(IrcMessage message, IrcOutput out, List<String> core) {
        if (message.count() == 0) {
            numeric(out, "366", "*", "End of /NAMES list");
            return;
        }
        for (String channel : message.param(0).split(",")) {
            if (isLobby(channel)) {
                pending.add(new Pending.Who(Pending.WhoFor.NAMES, LOBBY, new ArrayList<>()));
                core.add("WHO");
                core.add("PING");
            } else {
                Channel joined = channels.get(key(channel));
                if (joined != null) {
                    namesReply(out, joined.name, joined.members);
                } else {
                    numeric(out, "366", channel, "End of /NAMES list");
                }
            }
        }
    }

    private void who(IrcMessage message, IrcOutput out, List<String> core) {
        String mask = message.count() > 0 ? message.param(0) : "*";
        if (isLobby(mask) || mask.equals("*")) {
            pending.add(new Pending.Who(Pending.WhoFor.WHO, mask, new ArrayList<>()));
            core.add("WHO");
            core.add("PING");
        } else if (mask.startsWith("#")) {
            Channel joined = channels.get(key(mask));
            if (joined != null) {
                for (String member : joined.members) {
                    whoReply(out, joined.name, member);
                }
            }
            numeric(out, "315", mask, "End of WHO list");
        } else {
            pending.add(new Pending.Who(Pending.WhoFor.WHO, mask, new ArrayList<>()));
            core.add("WHO");
            core.add("PING");
        }
    }

    private void whois(IrcMessage message, IrcOutput out, List<String> core) {
        if (message.count() == 0) {
            numeric(out, "431", "No nickname given");
            return;
        }
        String target = message.param(message.count() - 1);
        pending.add(new Pending.Who(Pending.WhoFor.WHOIS, target, new ArrayList<>()));
        core.add("WHO");
        core.add("PING");
    }

    /** Modes do not exist here: queries get an empty answer so that clients go on; changes are refused. */
    private void mode(IrcMessage message, IrcOutput out) {
        if (message.count() == 0) {
            numeric(out, "461", "MODE", "Not enough parameters");
            return;
        }
        String target = message.param(0);
        if (target.startsWith("#")) {
            if (message.count() == 1) {
                numeric(out, "324", target, "+");
            } else if (message.param(1).equals("b") || message.param(1).equals("+b")) {
                numeric(out, "368", target, "End of channel ban list");
            } else {
                numeric(out, "482", target, "Channel modes are not supported");
            }
        } else if (message.count() == 1) {
            numeric(out, "221", "+");
        } else {
            numeric(out, "501", "User modes are not supported");
        }
    }

    /** A line over 512 bytes (8,703 with tags) was dropped (modern IRC's ERR_INPUTTOOLONG). */
    void inputTooLong(IrcOutput out) {
        numeric(out, "417", "Input line was too long");
    }

    /** After a quiet spell: the PING to send the client (once, until it answers), else null. */
    String pingClient() {
        if (pingedClient) {
            return null;
        }
        pingedClient = true;
        return "PING :" + SERVER;
    }

    // ---- from the core ----

    /** One protocol line from the core (without its LF), translated into what the IRC client reads. */
    void fromServer(byte[] bytes, int offset, int length, IrcOutput out) {
        if (length > 4 && bytes[offset] == 'M' && bytes[offset + 1] == 'S' && bytes[offset + 2] == 'G' && bytes[offset + 3] == ' '
                && fastLobbyMessage(bytes, offset, length, out)) {
            return;
        }
        if (length > 3 && bytes[offset] == 'D' && bytes[offset + 1] == 'M' && bytes[offset + 2] == ' '
                && fastDirectMessage(bytes, offset, length, out)) {
            return;
        }
        fromServer(new String(bytes, offset, length, StandardCharsets.UTF_8), out);
    }

    /** {@code MSG <sender> <text>} from a sender whose name is its nick, copied as bytes. */
    private boolean fastLobbyMessage(byte[] bytes, int offset, int length, IrcOutput out) {
        if (!inLobby) {
            return true;
        }
        int end = offset + length;
        int space = indexOf(bytes, offset + 4, end, (byte) ' ');
        int senderLength = space - (offset + 4);
        if (space < 0 || !IrcNicks.isPlainNick(bytes, offset + 4, senderLength)) {
            return false;
        }
        int textLength = end - space - 1;
        if (3 + 2 * senderLength + LOBBY_PRIVMSG.length + textLength > MAX_LINE) {
            return false;
        }
        out.append((byte) ':');
        out.append(bytes, offset + 4, senderLength);
        out.append((byte) '!');
        out.append(bytes, offset + 4, senderLength);
        out.append(LOBBY_PRIVMSG, 0, LOBBY_PRIVMSG.length);
        out.append(bytes, space + 1, textLength);
        out.crlf();
        return true;
    }

    /** {@code DM <sender> <text>} from a sender whose name is its nick, copied as bytes. */
    private boolean fastDirectMessage(byte[] bytes, int offset, int length, IrcOutput out) {
        int end = offset + length;
        int space = indexOf(bytes, offset + 3, end, (byte) ' ');
        int senderLength = space - (offset + 3);
        if (space < 0 || !registered || !IrcNicks.isPlainNick(bytes, offset + 3, senderLength)) {
            return false;
        }
        int textLength = end - space - 1;
        if (5 + 2 * senderLength + PRIVMSG.length + nickBytes.length + textLength > MAX_LINE) {
            return false;
        }
        out.append((byte) ':');
        out.append(bytes, offset + 3, senderLength);
        out.append((byte) '!');
        out.append(bytes, offset + 3, senderLength);
        out.append(PRIVMSG, 0, PRIVMSG.length);
        out.append(nickBytes, 0, nickBytes.length);
        out.append((byte) ' ');
        out.append((byte) ':');
        out.append(bytes, space + 1, textLength);
        out.crlf();
        return true;
    }

    void fromServer(String line, IrcOutput out) {
        int space = line.indexOf(' ');
        String word = space < 0 ? line : line.substring(0, space);
        String rest = space < 0 ? "" : line.substring(space + 1);
        switch (word) {
            case "MSG" -> {
                String[] parts = rest.split(" ", 2);
                if (inLobby && parts.length == 2) {
                    privmsgTo(out, IrcNicks.nick(parts[0]), LOBBY, parts[1], null);
                }
            }
            case "DM" -> {
                String[] parts = rest.split(" ", 2);
                if (parts.length == 2) {
                    privmsgTo(out, IrcNicks.nick(parts[0]), target(), parts[1], null);
                }
            }
            case "SAY" -> {
                String[] parts = rest.split(" ", 3);
                if (parts.length == 3) {
                    privmsgTo(out, IrcNicks.nick(parts[1]), parts[0], parts[2], null);
                }
            }
            case "JOIN" -> {
                String[] parts = rest.split(" ", 2);
                if (parts.length == 2) {
                    Channel channel = channels.get(key(parts[0]));
                    if (channel != null) {
                        channel.members.add(IrcNicks.nick(parts[1]));
                    }
                    out.line(":" + prefix(IrcNicks.nick(parts[1])) + " JOIN " + parts[0]);
                }
            }
            case "PART" -> {
                String[] parts = rest.split(" ", 2);
                if (parts.length == 2) {
                    String who = IrcNicks.nick(parts[1]);
                    Channel channel = channels.get(key(parts[0]));
                    if (channel != null) {
                        channel.members.remove(who);
                    }
                    out.line(":" + prefix(who) + " PART " + parts[0]);
                }
            }
            case "TOPIC" -> {
                String[] parts = rest.split(" ", 3);
                if (parts.length == 3) {
                    if (pending.peek() instanceof Pending.Join join && key(join.channel()).equals(key(parts[0]))) {
                        numeric(out, "332", parts[0], parts[2]); // the topic of the room just joined
                    } else {
                        out.line(":" + prefix(IrcNicks.nick(parts[1])) + " TOPIC " + parts[0] + " :" + parts[2]);
                    }
                }
            }
            case "INFO" -> info(line, rest, out);
            default -> reply(line, word, rest, out);
        }
    }

    private void info(String line, String rest, IrcOutput out) {
        if (line.equals("INFO disconnected due to inactivity")) {
            out.line("ERROR :Closing link: ping timeout (no activity)");
        } else if (line.equals("INFO server shutting down")) {
            out.line("ERROR :Closing link: server shutting down");
        } else if (line.equals("INFO kicked by operator") || line.startsWith("INFO kicked by operator: ")) {
            out.line("ERROR :Closing link: " + rest);
        } else if (rest.endsWith(" disconnected") && rest.indexOf(' ') == rest.length() - " disconnected".length()) {
            String who = IrcNicks.nick(rest.substring(0, rest.indexOf(' ')));
            for (Channel channel : channels.values()) {
                channel.members.remove(who);
            }
            out.line(":" + prefix(who) + " QUIT :disconnected");
        } else if (rest.startsWith("offline-messages ")) {
            String count = rest.substring("offline-messages ".length());
            out.line(":" + SERVER + " NOTICE " + target() + " :" + count + (count.equals("1") ? " message was" : " messages were")
                    + " kept for you while you were offline; they follow as private messages (" + rest + ")");
        } else if (rest.startsWith("offline ") && rest.indexOf(' ', "offline ".length()) < 0) {
            String account = IrcNicks.nick(rest.substring("offline ".length()));
            out.line(":" + SERVER + " NOTICE " + target() + " :" + account
                    + " is offline: the message is kept until they log in (" + rest + ")");
        } else {
            out.line(":" + SERVER + " NOTICE " + target() + " :" + rest);
        }
    }

    /** A reply: it belongs to the oldest request still waiting. */
    private void reply(String line, String word, String rest, IrcOutput out) {
        Pending head = pending.peek();
        if (head == null) {
            unsolicited(line, word, rest, out);
            return;
        }
        boolean done = switch (head) {
            case Pending.Login login -> loginReply(login, line, out);
            case Pending.Quiet quiet -> quietReply(quiet, word, rest, out);
            case Pending.Join join -> joinReply(join, word, rest, out);
            case Pending.Part part -> {
                if (word.equals("OK")) {
                    out.line(":" + prefix(nick) + " PART " + part.channel());
                    channels.remove(key(part.channel()));
                } else {
                    roomError(out, part.channel(), rest);
                }
                yield true;
            }
            case Pending.TopicSet topic -> {
                if (word.equals("OK")) {
                    out.line(":" + prefix(nick) + " TOPIC " + topic.channel() + " :" + topic.text());
                } else {
                    roomError(out, topic.channel(), rest);
                }
                yield true;
            }
            case Pending.Rooms rooms -> roomsReply(rooms, word, rest, out);
            case Pending.Who who -> whoListing(who, word, rest, out);
            case Pending.ClientPing ping -> {
                if (word.equals("PONG")) {
                    out.line(":" + SERVER + " PONG " + SERVER + " :" + ping.token());
                }
                yield word.equals("PONG");
            }
            case Pending.Swallow swallow -> word.equals("PONG");
        };
        if (done) {
            pending.poll();
        }
    }

    private void unsolicited(String line, String word, String rest, IrcOutput out) {
        if (line.equals("ERR login-timeout")) {
            out.line("ERROR :Closing link: registration timed out");
        } else if (word.equals("ERR")) {
            out.line(":" + SERVER + " NOTICE " + target() + " :error: " + rest);
        } else {
            out.line(":" + SERVER + " NOTICE " + target() + " :" + line);
        }
    }

    private boolean loginReply(Pending.Login login, String line, IrcOutput out) {
        if (line.equals("OK")) {
            name = login.name();
            if (login.via() == Pending.Via.SASL) {
                numeric(out, "900", prefix(IrcNicks.nick(name)), name, "You are now logged in as " + name);
                numeric(out, "903", "SASL authentication successful");
                tryRegister(out, List.of()); // the welcome, unless NICK, USER or CAP END is still to come
            } else {
                complete(out);
            }
            return true;
        }
        loginSent = false;
        saslLogin = false;
        String code = line.startsWith("ERR ") ? line.substring(4) : line;
        switch (login.via()) {
            case SASL -> numeric(out, "904", "SASL authentication failed (" + code + ")");
            case PASS -> {
                if (code.equals("username-taken")) {
                    loginRefused(login, code, out); // the account is online: another nick is the way on
                } else {
                    // Retrying the same password under another nick cannot help: say why and close, as RFC 2812 does.
                    boolean wrong = WRONG_PASSWORD.contains(code);
                    numeric(out, "464", (wrong ? "Password incorrect (" : "Password refused (") + code + ")");
                    out.line("ERROR :Closing link: " + (wrong ? "password incorrect" : "password refused (" + code + ")"));
                    out.closeAfterWrite = true;
                }
            }
            case LOGIN -> loginRefused(login, code, out);
        }
        return true;
    }

    private void loginRefused(Pending.Login login, String code, IrcOutput out) {
        nick = null; // not registered: numerics go to "*" until the client sends another NICK
        switch (code) {
            case "username-taken" -> numeric(out, "433", login.nick(), "Nickname is already in use");
            // 433, not 432: clients then try their alternative nick, and the text says how to get this one.
            case "name-registered" -> numeric(out, "433", login.nick(),
                    "Nickname is registered to an account: log in with PASS or SASL (name-registered)");
            case "invalid-username" -> numeric(out, "432", login.nick(), "Erroneous nickname");
            default -> numeric(out, "432", login.nick(), "Nickname refused (" + code + ")");
        }
    }

    /** Logged in and registered: the nick is the SocketChat name's from now on. */
    private void complete(IrcOutput out) {
        nick = IrcNicks.nick(name);
        nickBytes = nick.getBytes(StandardCharsets.UTF_8);
        registered = true;
        welcome(out);
    }

    private void welcome(IrcOutput out) {
        numeric(out, "001", "Welcome to the SocketChat IRC port, " + nick);
        numeric(out, "002", "Your host is " + SERVER + ", running version " + version);
        numeric(out, "003", "This server speaks the SocketChat line protocol; IRC is a second dialect of it");
        numeric(out, "004", SERVER, version, "o", "o");
        numeric(out, "005", "CASEMAPPING=ascii", "CHANTYPES=#", "NICKLEN=" + IrcNicks.MAX_NICK_LENGTH,
                "CHANNELLEN=" + CHANNEL_LENGTH, "LINELEN=" + MAX_LINE, "NETWORK=SocketChat", "PREFIX=", "CHANMODES=,,,",
                "are supported by this server");
        numeric(out, "422", "MOTD File is missing");
        joinLobby(out);
    }

    private void joinLobby(IrcOutput out) {
        inLobby = true;
        out.line(":" + prefix(nick) + " JOIN " + LOBBY);
        // The lobby may hold tens of thousands: its member list comes on NAMES #lobby, not with every join.
        namesReply(out, LOBBY, List.of(nick));
    }

    private boolean quietReply(Pending.Quiet quiet, String word, String rest, IrcOutput out) {
        if (word.equals("PONG")) {
            return true;
        }
        if (word.equals("ERR") && !quiet.notice()) {
            switch (rest) {
                case "user-not-found" -> numeric(out, "401", quiet.target(), "No such nick/channel");
                case "invalid-room" -> numeric(out, "403", quiet.target(), "No such channel");
                case "not-in-room" -> numeric(out, "404", quiet.target(), "Cannot send to channel (join it first)");
                default -> numeric(out, "404", quiet.target(), "Cannot send to channel (" + rest + ")");
            }
        }
        return false;
    }

    private boolean joinReply(Pending.Join join, String word, String rest, IrcOutput out) {
        switch (word) {
            case "OK" -> {
                channels.put(key(join.channel()), new Channel(join.channel()));
                out.line(":" + prefix(nick) + " JOIN " + join.channel());
                return false;
            }
            case "MEMBERS" -> {
                String[] names = rest.split(" ");
                for (int i = 1; i < names.length; i++) {
                    join.members().add(IrcNicks.nick(names[i]));
                }
                return false;
            }
            case "END" -> {
                if (rest.startsWith("MEMBERS ")) {
                    Channel channel = channels.get(key(join.channel()));
                    if (channel != null) {
                        channel.members.addAll(join.members());
                        namesReply(out, channel.name, channel.members);
                    }
                    return false;
                }
                return rest.startsWith("HISTORY ");
            }
            case "HIST" -> {
                // HIST #room <id> <time> <sender> <text>
                String[] parts = rest.split(" ", 5);
                if (parts.length == 5) {
                    privmsgTo(out, IrcNicks.nick(parts[3]), parts[0], parts[4], parts[2]);
                }
                return false;
            }
            case "ERR" -> {
                switch (rest) {
                    case "already-in-room" -> {
                    }
                    case "too-many-rooms" -> numeric(out, "405", join.channel(), "You have joined too many channels");
                    case "room-full" -> numeric(out, "471", join.channel(), "Cannot join channel (room full)");
                    default -> numeric(out, "403", join.channel(), "No such channel (" + rest + ")");
                }
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private void roomError(IrcOutput out, String channel, String code) {
        switch (code) {
            case "not-in-room" -> numeric(out, "442", channel, "You're not on that channel");
            default -> numeric(out, "403", channel, "No such channel (" + code + ")");
        }
    }

    private boolean roomsReply(Pending.Rooms rooms, String word, String rest, IrcOutput out) {
        if (word.equals("ROOM")) {
            // ROOM #room <members> [<topic>]
            String[] parts = rest.split(" ", 3);
            String topic = parts.length == 3 ? parts[2] : "";
            if (rooms.topicOf() == null) {
                if (parts.length >= 2) {
                    numeric(out, "322", parts[0], parts[1], topic);
                }
            } else if (key(parts[0]).equals(key(rooms.topicOf()))) {
                rooms.found(topic);
            }
            return false;
        }
        if (word.equals("END") && rest.equals("ROOMS")) {
            if (rooms.topicOf() == null) {
                numeric(out, "323", "End of /LIST");
            } else if (rooms.topic() == null || rooms.topic().isEmpty()) {
                numeric(out, "331", rooms.topicOf(), "No topic is set");
            } else {
                numeric(out, "332", rooms.topicOf(), rooms.topic());
            }
            return true;
        }
        return word.equals("ERR");
    }

    private boolean whoListing(Pending.Who who, String word, String rest, IrcOutput out) {
        if (word.equals("USER")) {
            who.names().add(rest);
            return false;
        }
        if (word.equals("ERR")) {
            numeric(out, "416", who.mask(), "Too many users to list (" + rest + ")");
            return false;
        }
        if (!word.equals("PONG")) {
            return false;
        }
        switch (who.purpose()) {
            case NAMES -> {
                List<String> nicks = new ArrayList<>(who.names().size());
                who.names().forEach(n -> nicks.add(IrcNicks.nick(n)));
                namesReply(out, LOBBY, nicks);
            }
            case WHO -> {
                boolean all = who.mask().equals("*") || isLobby(who.mask());
                for (String user : who.names()) {
                    String userNick = IrcNicks.nick(user);
                    if (all || userNick.equalsIgnoreCase(who.mask())) {
                        whoReply(out, LOBBY, userNick);
                    }
                }
                numeric(out, "315", who.mask(), "End of WHO list");
            }
            case WHOIS -> {
                String found = null;
                for (String user : who.names()) {
                    if (IrcNicks.nick(user).equalsIgnoreCase(who.mask())) {
                        found = IrcNicks.nick(user);
                    }
                }
                if (found == null) {
                    numeric(out, "401", who.mask(), "No such nick/channel");
                } else {
                    numeric(out, "311", found, found, SERVER, "*", found);
                    numeric(out, "312", found, SERVER, "SocketChat");
                }
                numeric(out, "318", who.mask(), "End of /WHOIS list");
            }
        }
        return true;
    }

    // ---- formatting ----

    private void whoReply(IrcOutput out, String channel, String memberNick) {
        numeric(out, "352", channel, memberNick, SERVER, SERVER, memberNick, "H", "0 " + memberNick);
    }

    /** 353 lines of at most about 400 bytes each, then 366. */
    private void namesReply(IrcOutput out, String channel, Iterable<String> nicks) {
        StringBuilder line = new StringBuilder();
        for (String member : nicks) {
            if (line.length() + member.length() > 400) {
                numeric(out, "353", "=", channel, line.toString());
                line.setLength(0);
            }
            if (!line.isEmpty()) {
                line.append(' ');
            }
            line.append(member);
        }
        if (!line.isEmpty()) {
            numeric(out, "353", "=", channel, line.toString());
        }
        numeric(out, "366", channel, "End of /NAMES list");
    }

    /** A PRIVMSG, split at code points into several when it would pass 512 bytes. */
    private void privmsgTo(IrcOutput out, String from, String to, String text, String time) {
        String tag = time != null && serverTime ? "@time=" + time + " " : "";
        String head = ":" + prefix(from) + " PRIVMSG " + to + " :";
        int room = MAX_LINE - 2 - head.getBytes(StandardCharsets.UTF_8).length;
        int start = 0;
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            int size = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
            if (bytes + size > room) {
                out.line(tag + head + text.substring(start, i));
                start = i;
                bytes = 0;
            }
            bytes += size;
            i += Character.charCount(c);
        }
        out.line(tag + head + text.substring(start));
    }

    /** {@code :socketchat <code> <nick> <params...> :<last>}. */
    private void numeric(IrcOutput out, String code, String... params) {
        StringBuilder line = new StringBuilder(64).append(':').append(SERVER).append(' ').append(code).append(' ').append(target());
        for (int i = 0; i < params.length; i++) {
            line.append(' ');
            if (i == params.length - 1) {
                line.append(':');
            }
            line.append(params[i]);
        }
        out.line(line.toString());
    }

    private String target() {
        return nick == null ? "*" : nick;
    }

    private static String prefix(String who) {
        return who + "!" + who + HOST;
    }

    private static boolean isLobby(String channel) {
        return channel.equalsIgnoreCase(LOBBY);
    }

    private static String key(String channel) {
        return channel.toLowerCase(Locale.ROOT);
    }

    static boolean hasControlCharacters(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t') || (c >= 0x7f && c <= 0x9f)) {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(byte[] bytes, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** A room this user is in: its name as joined, and its members' nicks. */
    private static final class Channel {
        final String name;
        final Set<String> members = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

        Channel(String name) {
            this.name = name;
        }
    }

    /** What a request sent to the core waits for. */
    sealed interface Pending {
        enum Via { LOGIN, PASS, SASL }

        enum WhoFor { NAMES, WHO, WHOIS }

        record Login(String nick, String name, Via via) implements Pending {
        }

        /** MSG, SAY or DM, then a PING: nothing on success, an ERR otherwise, then the PONG. */
        record Quiet(String target, boolean notice) implements Pending {
        }

        record Join(String channel, List<String> members) implements Pending {
        }

        record Part(String channel) implements Pending {
        }

        record TopicSet(String channel, String text) implements Pending {
        }

        /** ROOMS for LIST ({@code topicOf} null) or for a topic query. */
        final class Rooms implements Pending {
            private final String topicOf;
            private String topic;

            Rooms(String topicOf) {
                this.topicOf = topicOf;
            }

            String topicOf() {
                return topicOf;
            }

            String topic() {
                return topic;
            }

            void found(String text) {
                topic = text;
            }
        }

        /** WHO then PING: the USER lines until the PONG. */
        record Who(WhoFor purpose, String mask, List<String> names) implements Pending {
        }

        record ClientPing(String token) implements Pending {
        }

        /** A PING of ours (the client's PONG, as activity): its PONG is not shown. */
        record Swallow() implements Pending {
        }
    }
}
