package io.socketchat.irc;

import io.socketchat.protocol.Usernames;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** The nick mapping as properties: reversible, never two users on one nick, always a valid RFC 2812 nick. */
class IrcNicksPropertiesTest {

    /** RFC 2812 section 2.3.1: nickname = ( letter / special ) *( letter / digit / special / "-" ). */
    private static final String RFC_2812_NICK = "[A-Za-z\\[\\]\\\\`_^{|}][A-Za-z0-9\\[\\]\\\\`_^{|}-]*";

    @Property(tries = 5000)
    void everyNameComesBackFromItsNick(@ForAll("names") String name) {
        assertThat(IrcNicks.name(IrcNicks.nick(name))).isEqualTo(name);
        assertThat(IrcNicks.name(IrcNicks.nick(name).toUpperCase(Locale.ROOT))).isEqualToIgnoringCase(name);
    }

    @Property(tries = 5000)
    void twoUsersNeverShareANick(@ForAll("names") String first, @ForAll("names") String second) {
        // Two names are two users when SocketChat tells them apart (NFKC and case folding).
        Assume.that(!Usernames.key(first).equals(Usernames.key(second)));
        assertThat(IrcNicks.nick(first)).isNotEqualToIgnoringCase(IrcNicks.nick(second));
    }

    @Property(tries = 5000)
    void everyNickIsAValidIrcNickWithinNicklen(@ForAll("names") String name) {
        String nick = IrcNicks.nick(name);
        assertThat(nick).matches(RFC_2812_NICK);
        assertThat(nick.length()).isLessThanOrEqualTo(IrcNicks.MAX_NICK_LENGTH);
    }

    @Property(tries = 2000)
    void aNickNoNameMapsToIsRefused(@ForAll("nickish") String nick) {
        String name = IrcNicks.name(nick);
        if (name != null) {
            assertThat(IrcNicks.nick(name)).isEqualToIgnoringCase(nick);
        }
    }

    @Example
    void theDocumentedExamples() {
        assertThat(IrcNicks.nick("alice")).isEqualTo("alice");
        assertThat(IrcNicks.nick("1abc")).isEqualTo("|1abc");
        assertThat(IrcNicks.nick("a.b")).isEqualTo("|a^b");
        assertThat(IrcNicks.nick("Åsa")).isEqualTo("|{c5}sa");
        assertThat(IrcNicks.nick("-x")).isEqualTo("|-x");
        assertThat(IrcNicks.name("|abc")).isNull(); // abc is its own nick
        assertThat(IrcNicks.name("|{0061}")).isNull(); // padded hex is not the form given out
        assertThat(IrcNicks.name("bo[b]")).isNull();
    }

    @Provide
    Arbitrary<String> names() {
        Arbitrary<Character> ascii = Arbitraries.chars().with("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.".toCharArray());
        Arbitrary<Character> unicode = Arbitraries.chars().with("ÅåéßØøΩωЖжあ漢٣".toCharArray());
        Arbitrary<Character> any = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, ascii), net.jqwik.api.Tuple.of(2, unicode));
        return any.list().ofMinSize(1).ofMaxSize(Usernames.MAX_LENGTH)
                .map(chars -> {
                    StringBuilder s = new StringBuilder();
                    chars.forEach(s::append);
                    return s.toString();
                })
                .filter(Usernames::isValid);
    }

    @Provide
    Arbitrary<String> nickish() {
        return Arbitraries.strings().withChars("|{}^abcAB019_-.é").ofMinLength(1).ofMaxLength(12);
    }
}
