package io.socketchat.example.roll;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What to roll: {@code count} dice of {@code sides} sides, written {@code <count>d<sides>}
 * (e.g. {@code 2d6}, {@code 1D20}).
 *
 * <p>Limits keep one line short and the work trivial: 1 to {@value #MAX_COUNT} dice of 2 to
 * {@value #MAX_SIDES} sides. Anything else is not a roll.
 */
record Dice(int count, int sides) {

    static final int MAX_COUNT = 100;
    static final int MAX_SIDES = 1000;

    // At most 4 digits each: longer numbers are absurd anyway and never overflow an int.
    private static final Pattern NOTATION = Pattern.compile("(\\d{1,4})[dD](\\d{1,4})");

    Dice {
        if (!sane(count, sides)) {
            throw new IllegalArgumentException("not a sane roll: " + count + "d" + sides);
        }
    }

    /** The dice in {@code text}, or empty when it is malformed or out of limits. */
    static Optional<Dice> parse(String text) {
        Matcher matcher = NOTATION.matcher(text);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        int count = Integer.parseInt(matcher.group(1));
        int sides = Integer.parseInt(matcher.group(2));
        return sane(count, sides) ? Optional.of(new Dice(count, sides)) : Optional.empty();
    }

    private static boolean sane(int count, int sides) {
        return count >= 1 && count <= MAX_COUNT && sides >= 2 && sides <= MAX_SIDES;
    }

    @Override
    public String toString() {
        return count + "d" + sides;
    }
}
