package io.socketchat.protocol;

import org.junit.jupiter.api.Test;

import java.text.Normalizer;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** The ASCII fast path of {@link Usernames#key} must give exactly the full rule's key. */
class UsernamesKeyTest {

    private static String fullRule(String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFKC).toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    }

    @Test
    void everyAsciiCharacterKeysAsTheFullRuleDoes() {
        for (char c = 0; c < 0x80; c++) {
            String name = "a" + c + "Z";
            assertThat(Usernames.key(name)).as("char %d", (int) c).isEqualTo(fullRule(name));
        }
    }

    @Test
    void nonAsciiNamesStillFoldAndNormalize() {
        assertThat(Usernames.key("Straße")).isEqualTo(Usernames.key("STRASSE"));
        assertThat(Usernames.key("ｂｏｂ")).isEqualTo("bob"); // full-width letters: NFKC
        assertThat(Usernames.key("Bob")).isEqualTo("bob");
    }
}
