package io.socketchat.jmh;

import io.socketchat.protocol.Replies;
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

import java.util.concurrent.TimeUnit;

/** A delivered line's way out: format the reply, encode it once for every recipient. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FormatBench {

    private final String sender = "alice";
    private final String asciiText = "17 1733000000123456789 " + "abcdefghijklmnopqrstuvwxyz".repeat(3);
    private final String unicodeText = "grüße aus Köln, ça va? 東京 " + "abcdefghijklmnopqrstuvwxyz".repeat(2);

    @Benchmark
    public String formatMessage() {
        return Replies.message(sender, asciiText);
    }

    @Benchmark
    public byte[] formatAndEncodeAscii() {
        return Utf8.encodeLine(Replies.message(sender, asciiText));
    }

    @Benchmark
    public byte[] formatAndEncodeUnicode() {
        return Utf8.encodeLine(Replies.direct(sender, unicodeText));
    }
}
