package dev.wagateway.core.pacing;

import dev.wagateway.core.error.OverloadedException;
import dev.wagateway.core.error.RateLimitedException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cap on sends in progress across all devices, alone and inside the devices' lines. */
class SendAdmissionTest {

    @Test
    void admitsUpToItsCapacityRefusesTheNextAndTakesAgainOnceOneLeaves() {
        SendAdmission admission = new SendAdmission(2);
        SendAdmission.Place first = admission.admit();
        SendAdmission.Place second = admission.admit();

        assertThatThrownBy(admission::admit).isInstanceOfSatisfying(OverloadedException.class, e -> {
            assertThat(e.getMessage()).startsWith("Service Unavailable");
            assertThat(e.retryAfterSeconds()).isPositive();
        });
        assertThat(admission.inFlight()).isEqualTo(2);
        assertThat(admission.refused()).isEqualTo(1);

        first.close();
        first.close(); // a second close frees nothing more
        assertThat(admission.inFlight()).isEqualTo(1);
        admission.admit();
        assertThatThrownBy(admission::admit).isInstanceOf(OverloadedException.class);
        second.close();
        assertThat(admission.inFlight()).isEqualTo(1);
    }

    @Test
    void theCapCountsTheSendsOfAllDevicesAndAFullDeviceLineGivesItsPlaceBack() {
        SendAdmission admission = new SendAdmission(3);
        SendPacer pacer = new SendPacer(new SendPacing(false, 60, 1, 1), admission, System::nanoTime);
        UUID one = UUID.randomUUID();
        UUID two = UUID.randomUUID();
        UUID three = UUID.randomUUID();

        SendPacer.Turn ofOne = pacer.enter(one);
        // the device's own line is full: a 429, and the place in the cap it took for a moment is free again
        assertThatThrownBy(() -> pacer.enter(one)).isInstanceOf(RateLimitedException.class);
        assertThat(admission.inFlight()).isEqualTo(1);
        SendPacer.Turn ofTwo = pacer.enter(two);
        SendPacer.Turn ofThree = pacer.enter(three);
        // a fourth device with an empty line is refused for the gateway's cap
        assertThatThrownBy(() -> pacer.enter(UUID.randomUUID())).isInstanceOf(OverloadedException.class);
        assertThat(pacer.depth(one).depth()).isEqualTo(1);

        ofTwo.close();
        assertThat(admission.inFlight()).isEqualTo(2);
        pacer.enter(UUID.randomUUID()).close();
        ofOne.close();
        ofThree.close();
        assertThat(admission.inFlight()).isZero();
    }

    @Test
    void aSendPastTheLongestWaitIsOverdueUnlessPacingHoldsIt() {
        AtomicLong now = new AtomicLong();
        SendAdmission admission = new SendAdmission(10, Duration.ofSeconds(10), now::get);
        SendPacer unpaced = new SendPacer(new SendPacing(false, 60, 1, 10), admission, now::get);
        SendPacer paced = new SendPacer(new SendPacing(true, 60, 1, 10), admission, now::get);
        SendPacer.Turn fresh = unpaced.enter(UUID.randomUUID());
        SendPacer.Turn waitingForTokens = paced.enter(UUID.randomUUID());

        now.addAndGet(Duration.ofSeconds(10).toNanos());
        fresh.requireNotOverdue(); // exactly the longest wait: still fine
        now.addAndGet(1);
        assertThatThrownBy(fresh::requireNotOverdue).isInstanceOfSatisfying(OverloadedException.class,
                e -> assertThat(e.getMessage()).startsWith("Service Unavailable").contains("nothing was sent"));
        waitingForTokens.requireNotOverdue();
        assertThat(admission.refused()).isEqualTo(1);
        fresh.close();
        waitingForTokens.close();
        new SendAdmission(1).admit().requireNotOverdue(); // no limit
    }

    @Test
    void aCapBelowOneIsRefused() {
        assertThatThrownBy(() -> new SendAdmission(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
