package io.socketchat.protocol;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The wire strings are a contract with existing clients: pin every one. */
class RepliesTest {

    @Test
    void fixedReplies() {
        assertThat(Replies.OK).isEqualTo("OK");
        assertThat(Replies.PONG).isEqualTo("PONG");
        assertThat(Replies.IDLE_DISCONNECT).isEqualTo("INFO disconnected due to inactivity");
        assertThat(Replies.SHUTTING_DOWN).isEqualTo("INFO server shutting down");
    }

    @Test
    void errorLinesCarryTheCode() {
        assertThat(Replies.error(ErrorCodes.USERNAME_TAKEN)).isEqualTo("ERR username-taken");
        assertThat(Replies.error(ErrorCodes.INVALID_USERNAME)).isEqualTo("ERR invalid-username");
        assertThat(Replies.error(ErrorCodes.USER_NOT_FOUND)).isEqualTo("ERR user-not-found");
        assertThat(Replies.error(ErrorCodes.UNKNOWN_COMMAND)).isEqualTo("ERR unknown-cmd");
        assertThat(Replies.error(ErrorCodes.NOT_LOGGED_IN)).isEqualTo("ERR not-logged-in");
        assertThat(Replies.error(ErrorCodes.ALREADY_LOGGED_IN)).isEqualTo("ERR already-logged-in");
        assertThat(Replies.error(ErrorCodes.LINE_TOO_LONG)).isEqualTo("ERR line-too-long");
        assertThat(Replies.error(ErrorCodes.INTERNAL_ERROR)).isEqualTo("ERR internal-error");
    }

    @Test
    void usageLines() {
        assertThat(Replies.usage("DM <username> <text>")).isEqualTo("ERR usage: DM <username> <text>");
        assertThat(Replies.usage("MSG <text>")).isEqualTo("ERR usage: MSG <text>");
    }

    @Test
    void deliveriesKeepTheTextAsSent() {
        assertThat(Replies.message("bob", "hi  there ")).isEqualTo("MSG bob hi  there ");
        assertThat(Replies.direct("ann", "psst")).isEqualTo("DM ann psst");
        assertThat(Replies.user("Bob")).isEqualTo("USER Bob");
        assertThat(Replies.disconnected("Bob")).isEqualTo("INFO Bob disconnected");
    }

    @Test
    void kickedWithAndWithoutReason() {
        assertThat(Replies.kicked(null)).isEqualTo("INFO kicked by operator");
        assertThat(Replies.kicked("  ")).isEqualTo("INFO kicked by operator");
        assertThat(Replies.kicked("spam")).isEqualTo("INFO kicked by operator: spam");
    }
}
