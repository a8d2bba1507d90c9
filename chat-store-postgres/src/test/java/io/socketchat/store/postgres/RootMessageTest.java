package io.socketchat.store.postgres;

import org.junit.jupiter.api.Test;

import java.sql.BatchUpdateException;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/** What the store logs of a failure: the driver's reason, never the failed statement with its values. */
class RootMessageTest {

    @Test
    void aFailedBatchIsReportedByItsReasonWithoutTheMessageTextTheDriverQuotes() {
        BatchUpdateException batch = new BatchUpdateException("Batch entry 0 INSERT INTO messages (id, scope, time, sender, text)"
                + " VALUES (('1'::int8), ('#r'), ('2'::int8), ('ann'), ('my secret words')) was aborted: ERROR: disk full"
                + "  Call getNextException to see other errors in the batch.", new int[0]);
        assertThat(PostgresDatabase.rootMessage(batch)).isEqualTo("ERROR: disk full  Call getNextException to see other errors in the batch.")
                .doesNotContain("secret");
        assertThat(PostgresDatabase.rootMessage(new BatchUpdateException("Batch entry 3 INSERT ... ('my secret words')", new int[0])))
                .isEqualTo("a batch insert was aborted");
    }

    @Test
    void theInnermostCauseFirstLineIsTheReason() {
        SQLException outer = new SQLException("outer", new SQLException("Connection refused\n  more detail"));
        assertThat(PostgresDatabase.rootMessage(outer)).isEqualTo("Connection refused");
    }
}
