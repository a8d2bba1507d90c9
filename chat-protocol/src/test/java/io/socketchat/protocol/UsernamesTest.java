package io.socketchat.protocol;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UsernamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "Bob", "bob_1", "ann-marie", "j.doe", "\u00e9lodie", "\u65e5\u672c", "\u0438\u0432\u0430\u043d", "42"})
    void acceptsLettersDigitsUnderscoreDashAndDot(String name) {
        assertThat(Usernames.isValid(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a b", "a\tb", "bob!", "x@y", "semi;colon", "slash/", "\u2603", "emoji\ud83d\ude00", "tab\t"})
    void rejectsEmptyNamesSpacesAndOtherSymbols(String name) {
        assertThat(Usernames.isValid(name)).isFalse();
    }

    @Test
    void rejectsNull() {
        assertThat(Usernames.isValid(null)).isFalse();
    }

    @Test
    void allowsOneToThirtyTwoCodePoints() {
        assertThat(Usernames.isValid("a".repeat(32))).isTrue();
        assertThat(Usernames.isValid("a".repeat(33))).isFalse();
        // 32 letters outside the BMP are 64 chars but 32 code points.
        String deseret = "\ud801\udc00".repeat(32);
        assertThat(deseret.codePoints().allMatch(Character::isLetter)).isTrue();
        assertThat(Usernames.isValid(deseret)).isTrue();
        assertThat(Usernames.isValid(deseret + "\ud801\udc00")).isFalse();
    }

    @Test
    void theKeyFoldsCase() {
        assertThat(Usernames.key("Bob")).isEqualTo(Usernames.key("bob")).isEqualTo(Usernames.key("BOB"));
        assertThat(Usernames.key("Stra\u00dfe")).isEqualTo(Usernames.key("STRASSE"));
        assertThat(Usernames.key("ann")).isNotEqualTo(Usernames.key("anne"));
    }

    @Test
    void theKeyNormalizesUnicodeFormsWithNfkc() {
        String composed = "\u00e9lodie";
        String decomposed = "e\u0301lodie";
        assertThat(Usernames.key(composed)).isEqualTo(Usernames.key(decomposed));
        // Full-width letters are compatibility forms of the ASCII ones.
        assertThat(Usernames.key("\uff22\uff4f\uff42")).isEqualTo(Usernames.key("bob"));
        // The ligature "fi" is a compatibility form of "fi".
        assertThat(Usernames.key("\ufb01sh")).isEqualTo(Usernames.key("FISH"));
    }
}
