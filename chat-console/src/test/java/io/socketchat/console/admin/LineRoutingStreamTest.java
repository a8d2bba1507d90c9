package io.socketchat.console.admin;

import org.junit.jupiter.api.Test;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LineRoutingStreamTest {

    @Test
    void handsOverWholeLinesOnlyWithoutTheirEnds() {
        List<String> lines = new ArrayList<>();
        PrintStream out = new PrintStream(new LineRoutingStream(lines::add), true, StandardCharsets.UTF_8);

        out.print("first half, ");
        assertThat(lines).isEmpty();
        out.print("second half\nnext\r\nlast é");
        assertThat(lines).containsExactly("first half, second half", "next");
        out.println();
        assertThat(lines).containsExactly("first half, second half", "next", "last é");
    }
}
