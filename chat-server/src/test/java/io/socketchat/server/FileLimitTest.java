package io.socketchat.server;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class FileLimitTest {

    private static final String HEADER = "Limit                     Soft Limit           Hard Limit           Units     ";

    @Test
    void readsTheSoftLimitOnOpenFiles() {
        List<String> limits = List.of(HEADER,
                "Max processes             95406                95406                processes ",
                "Max open files            20000                524288               files     ");
        assertThat(FileLimit.parse(limits)).hasValue(20_000);
        assertThat(FileLimit.clientsWithin(FileLimit.parse(limits), 10_000)).isEqualTo(20_000 - FileLimit.RESERVED);
    }

    @Test
    void anUnlimitedOrMissingLimitFallsBack() {
        List<String> unlimited = List.of(HEADER, "Max open files            unlimited            unlimited            files     ");
        assertThat(FileLimit.parse(unlimited)).isEmpty();
        assertThat(FileLimit.parse(List.of(HEADER))).isEmpty();
        assertThat(FileLimit.clientsWithin(OptionalLong.empty(), 10_000)).isEqualTo(10_000);
    }

    @Test
    void aTinyLimitStillAdmitsOneClient() {
        assertThat(FileLimit.clientsWithin(OptionalLong.of(100), 10_000)).isEqualTo(1);
    }

    @Test
    void theDefaultOnThisMachineFollowsItsLimit() {
        OptionalLong limit = FileLimit.openFiles();
        int expected = limit.isPresent() ? (int) Math.max(1, limit.getAsLong() - FileLimit.RESERVED)
                : ServerConfig.FALLBACK_MAX_CLIENTS;
        assertThat(ServerConfig.defaultMaxClients()).isEqualTo(expected);
        assertThat(ServerConfig.builder().build().maxClients()).isEqualTo(expected);
    }
}
