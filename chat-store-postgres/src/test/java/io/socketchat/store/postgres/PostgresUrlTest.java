package io.socketchat.store.postgres;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostgresUrlTest {

    @Test
    void partsArePercentDecodedThePortDefaultsAndThePasswordIsNeverShown() {
        PostgresUrl url = PostgresUrl.parse("postgresql://chat%40ops:p%3Aa%2Fs+s@db.example:6543/socketchat");
        assertThat(url).extracting(PostgresUrl::host, PostgresUrl::port, PostgresUrl::database, PostgresUrl::user, PostgresUrl::password)
                .containsExactly("db.example", 6543, "socketchat", "chat@ops", "p:a/s+s");
        assertThat(url.toString()).isEqualTo("postgresql://chat@ops@db.example:6543/socketchat").doesNotContain("p:a/s");
        assertThat(PostgresUrl.parse("postgres://u:pw@10.0.0.5/chat").port()).isEqualTo(PostgresUrl.DEFAULT_PORT);
        assertThat(PostgresUrl.parse("postgresql://u@localhost/chat").password()).isEmpty();
    }

    @Test
    void malformedUrlsSayWhatIsMissingWithoutRepeatingThePassword() {
        assertThatThrownBy(() -> PostgresUrl.parse("mysql://u:secret@h/db")).hasMessageContaining("expected postgresql://");
        assertThatThrownBy(() -> PostgresUrl.parse("postgresql://u:secret@h")).hasMessageContaining("no database")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> PostgresUrl.parse("postgresql://h:5432/db")).hasMessageContaining("no user");
        assertThatThrownBy(() -> PostgresUrl.parse("postgresql://u:secret@h/db?sslmode=require"))
                .hasMessageContaining("not supported").hasMessageNotContaining("secret");
        assertThatThrownBy(() -> PostgresUrl.parse("postgresql://u:secret@/db")).hasMessageNotContaining("secret");
    }
}
