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

    /** Told to a room's members when someone joins it. */
    public static String joined(String room, String name) {
        return "JOIN " + room + " " + name;
    }

    /** Told to a room's members when someone leaves it with {@code PART}. */
    public static String parted(String room, String name) {
        return "PART " + room + " " + name;
    }

    /** A room message as the room's other members see it. */
    public static String said(String room, String sender, String text) {
        return "SAY " + room + " " + sender + " " + text;
    }

    /** A room's topic: to its members when it is set, and to a member who joins. */
    public static String topic(String room, String setter, String text) {
        return "TOPIC " + room + " " + setter + " " + text;
    }

    /** One line of a room's member listing; a big room takes several. */
    public static String members(String room, java.util.List<String> names) {
        return "MEMBERS " + room + " " + String.join(" ", names);
    }

    /** Told to each member of a room an operator closes, before its {@code PART}. */
    public static String roomClosed(String room) {
        return "INFO " + room + " closed by operator";
    }

    /** Ends the member listing of a room. */
    public static String endMembers(String room) {
        return "END MEMBERS " + room;
    }

    /**
     * One line of a {@code ROOMS} listing: the room, its member count, its topic (the topic
     * and the blank before it are left out when none is set).
     */
    public static String room(String room, int members, String topic) {
        return topic == null || topic.isEmpty()
                ? "ROOM " + room + " " + members
                : "ROOM " + room + " " + members + " " + topic;
    }

    public static final String END_ROOMS = "END ROOMS";

    /**
     * One stored message: {@code scope} is the room or {@code *} for the lobby, {@code time}
     * UTC ISO-8601 with milliseconds ({@link HistoryTimes#format}).
     */
    public static String history(String scope, long id, String time, String sender, String text) {
        return "HIST " + scope + " " + id + " " + time + " " + sender + " " + text;
    }

    /** Ends a run of {@code HIST} lines. */
    public static String endHistory(String scope) {
        return "END HISTORY " + scope;
    }

    /**
     * {@code INFO <reason>}: the last line a cluster node sends a user whose name it lost
     * ({@code name-conflict}, {@code cluster-lease-expired}).
     */
    public static String clusterLost(String reason) {
        return "INFO " + reason;
    }

    /** To the sender of a {@code DM} to an account that is not online: the message was kept for it. */
    public static String offlineStored(String account) {
        return "INFO offline " + account;
    }

    /** Right after {@code AUTH}'s {@code OK}: this many kept {@code DM} lines follow. */
    public static String offlineMessages(int count) {
        return "INFO offline-messages " + count;
    }

    /** After {@code AUTH} with a one-time password an operator set: {@code PASSWORD} must follow in this session. */
    public static final String PASSWORD_CHANGE_REQUIRED = "INFO password-change-required";
}
