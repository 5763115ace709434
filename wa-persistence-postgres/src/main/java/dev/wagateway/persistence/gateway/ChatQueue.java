package dev.wagateway.persistence.gateway;

/**
 * The deliveries of one webhook with one ordering key (a chat), which go out one after the other; ordered so that
 * locks on several queues are always taken in the same order. Keys are compared by code point, the order of
 * PostgreSQL's {@code "C"} collation, in which {@code wa_settle_deliveries} sorts the chats it locks.
 */
record ChatQueue(long webhookId, String orderingKey) implements Comparable<ChatQueue> {

    @Override
    public int compareTo(ChatQueue other) {
        int byWebhook = Long.compare(webhookId, other.webhookId);
        return byWebhook != 0 ? byWebhook : byCodePoint(orderingKey, other.orderingKey);
    }

    /** {@link String#compareTo} compares UTF-16 units, which differs from code points beyond U+FFFF. */
    private static int byCodePoint(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
