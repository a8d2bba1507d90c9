package io.socketchat.server.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LeaveNoticesTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void theFirstThreeOfASecondAreAnnouncedTheRestSummedUpOnceTheSecondIsOver() {
        LeaveNotices notices = new LeaveNotices(3);
        long t = 42;
        for (int i = 0; i < 3; i++) {
            assertThat(notices.left(t + i)).isEqualTo(new LeaveNotices.Decision(0, true));
        }
        assertThat(notices.left(t + 10)).isEqualTo(new LeaveNotices.Decision(0, false));
        assertThat(notices.left(t + 11)).isEqualTo(new LeaveNotices.Decision(0, false));
        assertThat(notices.summaryDue(t + SECOND - 1)).isZero();
        assertThat(notices.summaryDue(t + SECOND)).isEqualTo(2);
        assertThat(notices.summaryDue(t + 2 * SECOND)).isZero();
    }

    @Test
    void aLeaveInTheNextSecondFirstSumsUpTheLastOneWhenTheTimerHasNotYet() {
        LeaveNotices notices = new LeaveNotices(1);
        assertThat(notices.left(0).notice()).isTrue();
        assertThat(notices.left(1).notice()).isFalse();
        assertThat(notices.left(2).notice()).isFalse();
        assertThat(notices.left(SECOND + 5)).isEqualTo(new LeaveNotices.Decision(2, true));
        assertThat(notices.summaryDue(3 * SECOND)).isZero();
    }

    @Test
    void aQuietServerAnnouncesEveryLeave() {
        LeaveNotices notices = new LeaveNotices(50);
        for (int i = 0; i < 200; i++) {
            assertThat(notices.left(i * SECOND / 10).notice()).isTrue(); // ten a second
        }
        assertThat(notices.summaryDue(100 * SECOND)).isZero();
    }
}
