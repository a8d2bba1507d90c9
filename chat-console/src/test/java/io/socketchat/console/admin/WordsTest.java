package io.socketchat.console.admin;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WordsTest {

    @Test
    void splitsOnBlanksAndHonoursQuotesAndBackslashes() {
        assertThat(Words.split("  kick   bob  too noisy ")).containsExactly("kick", "bob", "too", "noisy");
        assertThat(Words.split("kick \"bob smith\" 'it''s' a\\ b")).containsExactly("kick", "bob smith", "its", "a b");
        assertThat(Words.split("x \"\"")).containsExactly("x", "");
        assertThat(Words.split("   ")).isEmpty();
    }

    @Test
    void joinIsTheInverseOfSplit() {
        List<List<String>> samples = List.of(
                List.of("kick", "bob", "too", "noisy"),
                List.of("kick", "bob smith", "say \"hi\"", "back\\slash", "it's", ""),
                List.of("users", "--json"));
        for (List<String> words : samples) {
            assertThat(Words.split(Words.join(words))).isEqualTo(words);
        }
    }
}
