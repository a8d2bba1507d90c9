package io.socketchat.example.roll;

import io.socketchat.server.spi.CommandContext;
import io.socketchat.server.spi.CommandHandler;
import io.socketchat.server.spi.CommandSpec;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntUnaryOperator;

/**
 * {@code ROLL <n>d<sides>}: rolls the dice; the roller and every other logged-in user read
 * the same line, e.g. {@code ROLL alice 2d6: 3 5 = 8}. A malformed or absurd roll answers
 * {@code ERR usage: ROLL <n>d<sides>} to the roller only.
 *
 * <p>One instance serves every connection at once, so it keeps no state; the random source
 * is thread-safe.
 */
public final class RollCommand implements CommandHandler {

    static final String USAGE = "ROLL <n>d<sides>";
    // Logged-in users only (the line names the roller); one argument, checked by the server.
    private static final CommandSpec SPEC = new CommandSpec("ROLL", 1, false, USAGE);

    /** Gives a number from 1 to the argument (the sides of one die). */
    private final IntUnaryOperator die;

    /** The constructor the server's ServiceLoader calls: fair dice. */
    public RollCommand() {
        this(sides -> ThreadLocalRandom.current().nextInt(1, sides + 1));
    }

    /** For tests: loaded dice. */
    RollCommand(IntUnaryOperator die) {
        this.die = die;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public void handle(CommandContext context) {
        List<String> arguments = context.arguments(2);
        Optional<Dice> dice = arguments.size() == 1 ? Dice.parse(arguments.get(0)) : Optional.empty();
        if (dice.isEmpty()) {
            context.replyError("usage: " + USAGE);
            return;
        }
        String line = announce(context.sender().name(), dice.get());
        context.reply(line);
        context.chat().broadcast(context.sender(), line);
    }

    /** Rolls and writes the line everyone reads: {@code ROLL <name> <n>d<sides>: <each die> = <total>}. */
    String announce(String roller, Dice dice) {
        StringBuilder line = new StringBuilder("ROLL ").append(roller).append(' ').append(dice).append(':');
        int total = 0;
        for (int i = 0; i < dice.count(); i++) {
            int face = die.applyAsInt(dice.sides());
            total += face;
            line.append(' ').append(face);
        }
        return line.append(" = ").append(total).toString();
    }
}
