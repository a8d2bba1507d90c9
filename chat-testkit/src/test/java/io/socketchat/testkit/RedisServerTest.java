package io.socketchat.testkit;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The Redis fixture: a real server of its own that can be paused, resumed, stopped and started on the same port. */
class RedisServerTest {

    @Test
    void pauseResumeStopAndStartOnTheSamePort() {
        Path directory;
        try (RedisServer redis = RedisServer.launch()) {
            directory = redis.directory();
            int port = redis.port();
            assertThat(port).isNotEqualTo(6379);
            assertThat(redis.url()).isEqualTo("redis://127.0.0.1:" + port);
            assertThat(redis.answersPing()).isTrue();

            redis.pause();
            assertThat(redis.answersPing()).as("a stopped process answers nothing").isFalse();
            redis.resume();
            assertThat(redis.answersPing()).isTrue();

            redis.stop();
            assertThat(redis.answersPing()).isFalse();
            redis.start();
            assertThat(redis.port()).isEqualTo(port);
            assertThat(redis.answersPing()).isTrue();
            assertThat(directory.resolve("appendonly.aof")).doesNotExist();
        }
        assertThat(Files.exists(directory)).isFalse();
    }

    @Test
    void aPasswordIsRequiredWhenSet() {
        try (RedisServer redis = RedisServer.launch(new RedisServer.Options("s3cret", false))) {
            assertThat(redis.url()).isEqualTo("redis://:s3cret@127.0.0.1:" + redis.port());
            assertThat(redis.answersPing()).isTrue(); // with AUTH
        }
    }
}
