package io.socketchat.protocol;

/**
 * Formats every line the server sends. These strings are a contract with existing
 * clients (they come from the original Go server): change none of them lightly.
 */
public final class Replies {

    public static final String OK = "OK";
    public static final String PONG = "PONG";
    public static final String IDLE_DISCONNECT = "INFO disconnected due to inactivity";
    public static final String SHUTTING_DOWN = "INFO server shutting down";

    private Replies() {
    }

    /** {@code ERR <code>}, the one error line a program can match on. */
    public static String error(String code) {
        return "ERR " + code;
    }

    /** {@code ERR usage: <usage>}, for a command given too few arguments. */
    public static String usage(String usage) {
        return "ERR usage: " + usage;
    }

    /** A public message as other users see it. */
    public static String message(String sender, String text) {
        return "MSG " + sender + " " + text;
    }

    /** A direct message as its recipient sees it. */
    public static String direct(String sender, String text) {
        return "DM " + sender + " " + text;
    }

    /** One line of a WHO listing. */
    public static String user(String name) {
        return "USER " + name;
    }

    /** Told to everyone else when a logged-in user leaves, whatever the cause. */
    public static String disconnected(String name) {
        return "INFO " + name + " disconnected";
    }

    /**
     * Told to everyone once a second when more users left in that second than leave notices
     * are sent for: the leaves past the rate, summed up (not a Go-server line, but a plain
     * {@code INFO} line that its clients show as they show any other).
     */
    public static String moreDisconnected(long count) {
        return "INFO " + count + " more users disconnected";
    }

    /** Told to a user an operator removes; the reason is optional. */
    public static String kicked(String reason) {
        return reason == null || reason.isBlank()
                ? "INFO kicked by operator"
                : "INFO kicked by operator: " + reason;
    }
}
