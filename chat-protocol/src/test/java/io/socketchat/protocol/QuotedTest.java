package io.socketchat.protocol;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class QuotedTest {

    @Test
    void plainTextIsOnlyWrappedInQuotes() {
        assertThat(Quoted.json("hi  there é")).isEqualTo("\"hi  there é\"");
    }

    @Test
    void quotesBackslashesAndLineBreaksAreEscapedSoNoLogLineCanBeForged() {
        assertThat(Quoted.json("a\"b\\c\nd\re\tf")).isEqualTo("\"a\\\"b\\\\c\\nd\\re\\tf\"");
    }

    @Test
    void otherControlCharactersAndDelBecomeUnicodeEscapes() {
        assertThat(Quoted.json("\u001b[2J\u0000\u007f")).isEqualTo("\"\\u001b[2J\\u0000\\u007f\"");
    }

    @Test
    void anEscapeAfterAPlainPrefixKeepsThePrefixAndEscapesTheRest() {
        assertThat(Quoted.json("plain start, then \"quoted\" and \u0007")).isEqualTo("\"plain start, then \\\"quoted\\\" and \\u0007\"");
        assertThat(Quoted.json("")).isEqualTo("\"\"");
    }
}
