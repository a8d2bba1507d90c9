package io.socketchat.protocol;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestTest {

    @Test
    void splitsTheWordFromTheRestAndUpperCasesTheWord() {
        assertThat(Request.parse("msg hello")).isEqualTo(new Request("MSG", "hello"));
        assertThat(Request.parse("Who")).isEqualTo(new Request("WHO", ""));
    }

    @Test
    void trimsLeadingAndTrailingSpacesAndTabsButKeepsInnerSpacing() {
        assertThat(Request.parse("  \tMSG   hello   big  world \t ")).isEqualTo(new Request("MSG", "hello   big  world"));
        assertThat(Request.parse("MSG\thi")).isEqualTo(new Request("MSG", "hi"));
    }

    @Test
    void aBlankLineIsNoRequest() {
        assertThat(Request.parse("")).isNull();
        assertThat(Request.parse("   ")).isNull();
        assertThat(Request.parse(" \t ")).isNull();
    }

    @Test
    void theLoginNameIsTheWholeRestOfTheLine() {
        assertThat(Request.parse("LOGIN a b").argument()).isEqualTo("a b");
        assertThat(Request.parse("LOGIN").argument()).isEmpty();
    }

    @Test
    void argumentsSplitsIntoAtMostLimitPartsTheLastKeepingTheRest() {
        Request dm = Request.parse("DM bob  hi   there ");
        assertThat(dm.arguments(2)).containsExactly("bob", "hi   there");
        assertThat(dm.arguments(1)).containsExactly("bob  hi   there");
        assertThat(dm.arguments(5)).containsExactly("bob", "hi", "there");
    }

    @Test
    void argumentsOfAnEmptyArgumentIsEmptyAndOfOneWordIsOnePart() {
        assertThat(Request.parse("DM").arguments(2)).isEmpty();
        assertThat(Request.parse("DM bob").arguments(2)).containsExactly("bob");
        assertThat(Request.parse("DM\tbob\t\tyo").arguments(2)).containsExactly("bob", "yo");
    }

    @Test
    void rejectsABadLimitAndBadComponents() {
        assertThatThrownBy(() -> Request.parse("DM a b").arguments(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Request("", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Request("MSG", null)).isInstanceOf(IllegalArgumentException.class);
    }
}
