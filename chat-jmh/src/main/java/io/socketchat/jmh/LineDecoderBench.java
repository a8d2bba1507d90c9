package io.socketchat.jmh;

import io.socketchat.protocol.LineDecoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Framing: one read's worth of bytes (16 KiB of ~100-byte lines) split into lines. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LineDecoderBench {

    @Param({"100"})
    int lineBytes;

    private byte[] chunk;
    private int lines;
    private LineDecoder decoder;

    @Setup
    public void setUp() {
        String line = "MSG " + "x".repeat(lineBytes - 5) + "\n";
        lines = 16 * 1024 / line.length();
        chunk = line.repeat(lines).getBytes(StandardCharsets.US_ASCII);
        decoder = new LineDecoder(64 * 1024);
    }

    /** Time per 16 KiB read; divide by {@code lines} (163 at 100 bytes) for per line. */
    @Benchmark
    public void feed(Blackhole blackhole) {
        decoder.feed(chunk, 0, chunk.length, new LineDecoder.Listener() {
            @Override
            public void line(byte[] bytes, int offset, int length) {
                blackhole.consume(length);
            }

            @Override
            public void lineTooLong() {
                blackhole.consume(-1);
            }
        });
    }
}
