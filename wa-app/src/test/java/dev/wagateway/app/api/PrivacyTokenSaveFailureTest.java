package dev.wagateway.app.api;

import org.junit.jupiter.api.Test;

import java.sql.Statement;

import static dev.wagateway.app.api.ReadmeFlowTest.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The soak's finding (docs/benchmarks.md "Soak"): under load some devices never stored the privacy token their
 * customer's phone issued, and every reply of theirs met 463. The database failed the token's write (its pool timed
 * out), the client swallowed the failure and acknowledged the notification, so the server never sent it again. Here
 * the database refuses the write for real (a trigger raising an error, as a failed statement does), then recovers:
 * the notification must have stayed unacknowledged, come again with the next login, and the reply must carry it.
 */
class PrivacyTokenSaveFailureTest {

    private static final String SHOP = "15551050505";
    private static final String CUSTOMER = "15551060606";

    @Test
    void aTokenWhoseSaveFailedComesAgainAtTheNextLoginAndTheReplyCarriesIt() throws Exception {
        try (TestGateway gateway = TestGateway.start()) {
            gateway.phone(CUSTOMER);
            String shop = gateway.pairedDevice(SHOP);
            sql(gateway, """
                    create function wa_test_refuse_token() returns trigger language plpgsql as $$
                    begin raise exception 'the database refuses this write (test)'; end $$""");
            sql(gateway, """
                    create trigger wa_test_refuse_token before insert or update on wa_privacy_tokens
                    for each row execute function wa_test_refuse_token()""");

            gateway.sandbox().phoneSendText(CUSTOMER, SHOP, "the first message, with my token");
            // the token's notification comes before the message, on the same ordered lane: once the message is
            // stored, the token's save has been tried and failed
            await(() -> gateway.device(shop, "GET", "/chats/" + CUSTOMER + "/messages", null).json().path("data")
                    .path("messages").size() == 1, "the phone's message stored");
            assertThat(tokenRows(gateway)).as("no token saved while the database refuses").isZero();

            sql(gateway, "drop trigger wa_test_refuse_token on wa_privacy_tokens");
            // the network drops the device; the server sends what it still waits an ack for at the next login
            gateway.sandbox().dropConnection(gateway.sandbox().devices(SHOP).getFirst().jid());
            await(() -> tokenRows(gateway) == 1, "the token saved after the next login");
            await(() -> gateway.connected(shop), "the device connected again");

            TestGateway.Answer reply = gateway.device(shop, "POST", "/chats/" + CUSTOMER + "/messages",
                    "{\"text\":\"thanks, my reply carries your token\"}");
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            await(() -> gateway.sandbox().phoneMessages(CUSTOMER).stream()
                    .anyMatch(m -> m.text().equals("thanks, my reply carries your token")), "the reply at the phone");
        }
    }

    private static void sql(TestGateway gateway, String statement) throws java.sql.SQLException {
        gateway.application().database().jdbi().useHandle(h -> {
            try (Statement s = h.getConnection().createStatement()) {
                s.execute(statement);
            }
        });
    }

    private static int tokenRows(TestGateway gateway) {
        return gateway.application().database().jdbi().withHandle(h -> h.createQuery(
                "select count(*) from wa_privacy_tokens where length(token) > 0").mapTo(Integer.class).one());
    }
}
