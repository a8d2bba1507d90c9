package io.socketchat.example.roll;

import io.socketchat.server.spi.Chat;
import io.socketchat.server.spi.CommandContext;
import io.socketchat.server.spi.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The handler on its own, with a recording chat: what the roller and the others read. */
class RollCommandTest {

    /** Records what a handler sends, standing in for the server. */
    private static final class Recorder implements Session, Chat, CommandContext {
        final List<String> toSender = new ArrayList<>();
        final List<String> broadcasts = new ArrayList<>();
        Session broadcastExcept;
        final String argument;

        Recorder(String argument) {
            this.argument = argument;
        }

        @Override public String name() { return "alice"; }
        @Override public String remoteAddress() { return "127.0.0.1:1"; }
        @Override public void send(String line) { toSender.add(line); }
        @Override public LoginResult login(Session session, String name, String confirmation) { throw new UnsupportedOperationException(); }
        @Override public String deliverTo(String name, String line) { throw new UnsupportedOperationException(); }
        @Override public void broadcast(Session except, String line) { broadcastExcept = except; broadcasts.add(line); }
        @Override public List<String> userNames() { return List.of("alice", "bob"); }
        @Override public Session sender() { return this; }
        @Override public String word() { return "ROLL"; }
        @Override public String argument() { return argument; }
        @Override public List<String> arguments(int limit) {
            return argument.isBlank() ? List.of() : Arrays.asList(argument.trim().split("\\s+", limit));
        }
        @Override public Chat chat() { return this; }
    }

    @Test
    void rollerAndEveryoneElseReadTheSameLineNamingTheRoller() {
        AtomicInteger next = new AtomicInteger();
        int[] faces = {3, 5};
        RollCommand roll = new RollCommand(sides -> faces[next.getAndIncrement()]);
        Recorder chat = new Recorder("2d6");

        roll.handle(chat);

        assertThat(chat.toSender).containsExactly("ROLL alice 2d6: 3 5 = 8");
        assertThat(chat.broadcasts).containsExactly("ROLL alice 2d6: 3 5 = 8");
        assertThat(chat.broadcastExcept).isSameAs(chat); // the roller is not told twice
    }

    @Test
    void fairDiceStayWithinTheirSidesAndAddUp() {
        RollCommand roll = new RollCommand();
        for (int i = 0; i < 200; i++) {
            String line = roll.announce("bob", new Dice(100, 6));
            String[] parts = line.substring("ROLL bob 100d6: ".length()).split(" = ");
            int[] dice = Arrays.stream(parts[0].split(" ")).mapToInt(Integer::parseInt).toArray();
            assertThat(dice).hasSize(100);
            assertThat(Arrays.stream(dice).boxed().toList()).allMatch(face -> face >= 1 && face <= 6);
            assertThat(Integer.parseInt(parts[1])).isEqualTo(Arrays.stream(dice).sum());
        }
    }

    @Test
    void theDieIsAskedForTheRightNumberOfSides() {
        List<Integer> asked = new ArrayList<>();
        new RollCommand(sides -> { asked.add(sides); return 1; }).announce("bob", Dice.parse("3D20").orElseThrow());
        assertThat(asked).containsExactly(20, 20, 20);
    }

    @ParameterizedTest
    @ValueSource(strings = {"banana", "1000d1000000", "0d6", "2d0", "2d1", "101d6", "1d1001", "d6", "2d", "-1d6",
            "2d6 extra", "2x6", "99999d6", "2d6d6"})
    void malformedOrAbsurdRollsAnswerUsageToTheRollerOnly(String argument) {
        Recorder chat = new Recorder(argument);

        new RollCommand(sides -> { throw new AssertionError("no die may be rolled for " + argument); }).handle(chat);

        assertThat(chat.toSender).containsExactly("ERR usage: ROLL <n>d<sides>");
        assertThat(chat.broadcasts).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1d2", "100d1000", "2d6", "1D20", "007d6"})
    void rollsWithinTheLimitsAreAccepted(String argument) {
        Recorder chat = new Recorder(argument);

        new RollCommand(sides -> sides).handle(chat);

        assertThat(chat.toSender).singleElement().asString().startsWith("ROLL alice ");
        assertThat(chat.broadcasts).hasSize(1);
    }
}
