package dev.wagateway.core.address;

import dev.wagateway.core.error.InvalidRequestException;
import dev.wagateway.core.error.WhatsAppFailureException;
import dev.wagateway.protocol.binary.Jid;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChatAddressTest {

    @Test
    void phoneNumbersFollowTheContractsRule() {
        assertThat(PhoneNumber.parse(" +6281234567890 ").digits()).isEqualTo("6281234567890");
        assertThatThrownBy(() -> PhoneNumber.parse("")).hasMessage("phone number cannot be empty");
        assertThatThrownBy(() -> PhoneNumber.parse("+")).hasMessage("phone number cannot be empty");
        assertThatThrownBy(() -> PhoneNumber.parse("08123456"))
                .hasMessage("phone number must be in international format without leading 0");
        assertThatThrownBy(() -> PhoneNumber.parse("12345"))
                .hasMessage("phone number must be digits only and at least 6 characters");
        assertThatThrownBy(() -> PhoneNumber.parse("++12345678")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> PhoneNumber.parse("12345678901234567")).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void groupsPassAndPeopleNeedARegisteredNumber() {
        assertThat(ChatAddress.parse("120363123456789012@g.us"))
                .isEqualTo(new ChatTarget.Group(new Jid("120363123456789012", 0, 0, "g.us")));
        assertThat(ChatAddress.parse("6281234567890-1612345678"))
                .isEqualTo(new ChatTarget.Group(new Jid("6281234567890-1612345678", 0, 0, "g.us")));
        assertThat(ChatAddress.parse("6281234567890@s.whatsapp.net"))
                .isEqualTo(new ChatTarget.Person(new PhoneNumber("6281234567890")));
        assertThatThrownBy(() -> ChatAddress.parse("a@b@c")).isInstanceOf(InvalidRequestException.class);
        // what cannot be a group id is refused before WhatsApp is asked
        for (String notAGroup : new String[]{"-1", "a-b", "12-34", "abc@g.us", "1-2@g.us", "6281234567890-"}) {
            assertThatThrownBy(() -> ChatAddress.parse(notAGroup)).as(notAGroup)
                    .isInstanceOf(InvalidRequestException.class).hasMessage("invalid JID format: " + notAGroup);
        }
        assertThatThrownBy(() -> ChatAddress.parse("628123:4@s.whatsapp.net"))
                .isInstanceOf(InvalidRequestException.class);

        Jid found = Jid.user("6281234567890");
        assertThat(ChatAddress.resolve(ChatAddress.parse("+6281234567890"), phone -> Optional.of(found)))
                .isEqualTo(found);
        assertThatThrownBy(() -> ChatAddress.resolve(ChatAddress.parse("6281234567890"), phone -> Optional.empty()))
                .isInstanceOf(WhatsAppFailureException.class).hasMessage(ChatAddress.NOT_REGISTERED);
    }

    @Test
    void storedChatsResolveWithoutAskingWhatsApp() {
        assertThat(ChatAddress.resolveStored("6281234567890")).contains(Jid.user("6281234567890"));
        assertThat(ChatAddress.resolveStored("6281234567890:7@s.whatsapp.net")).contains(Jid.user("6281234567890"));
        assertThat(ChatAddress.resolveStored("123456789012345@lid")).contains(new Jid("123456789012345", 0, 0, "lid"));
        assertThat(ChatAddress.resolveStored("nonsense")).isEmpty();
        assertThat(ChatAddress.resolveStored("")).isEmpty();
    }
}
