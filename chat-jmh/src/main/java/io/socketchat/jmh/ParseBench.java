package io.socketchat.jmh;

import io.socketchat.protocol.Request;
import io.socketchat.protocol.Utf8;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A received line's way in: strict UTF-8 decode, then split into command word and argument. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ParseBench {

    private final byte[] asciiMsg = ("MSG 17 1733000000123456789 " + "abcdefghijklmnopqrstuvwxyz".repeat(3))
            .getBytes(StandardCharsets.UTF_8);
    private final byte[] unicodeMsg = ("MSG grüße aus Köln, ça va? 東京 " + "abcdefghijklmnopqrstuvwxyz".repeat(2))
            .getBytes(StandardCharsets.UTF_8);
    private final String dmLine = "DM bob 17 1733000000123456789 " + "abcdefghijklmnopqrstuvwxyz".repeat(3);

    @Benchmark
    public String decodeAscii() {
        return Utf8.decode(asciiMsg, 0, asciiMsg.length);
    }

    @Benchmark
    public String decodeUnicode() {
        return Utf8.decode(unicodeMsg, 0, unicodeMsg.length);
    }

    @Benchmark
    public Request decodeAndParseMsg() {
        return Request.parse(Utf8.decode(asciiMsg, 0, asciiMsg.length));
    }

    @Benchmark
    public List<String> parseDmArguments() {
        return Request.parse(dmLine).arguments(2);
    }
}
