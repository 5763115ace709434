package dev.wagateway.persistence.gateway;

/**
 * The deliveries of one webhook with one ordering key (a chat), which go out one after the other; ordered so that
 * locks on several queues are always taken in the same order.
 */
record ChatQueue(long webhookId, String orderingKey) implements Comparable<ChatQueue> {

    @Override
    public int compareTo(ChatQueue other) {
        int byWebhook = Long.compare(webhookId, other.webhookId);
        return byWebhook != 0 ? byWebhook : orderingKey.compareTo(other.orderingKey);
    }
}
