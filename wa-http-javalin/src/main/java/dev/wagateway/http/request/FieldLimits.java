package dev.wagateway.http.request;

/**
 * The longest value each request field may have, in characters. Stored fields follow their columns (migration
 * V101: {@code varchar(255)} names and e-mail, {@code varchar(50)} phone); the others are bounded by what
 * WhatsApp or a sensible client sends, so no length from the network is unbounded.
 */
public final class FieldLimits {

    /** {@code api_keys.customer_name}, {@code customer_email}: varchar(255). */
    public static final int CUSTOMER_NAME = 255;
    public static final int CUSTOMER_EMAIL = 255;
    /** {@code api_keys.customer_phone}: varchar(50). */
    public static final int CUSTOMER_PHONE = 50;
    /** {@code devices.device_name}: varchar(255). */
    public static final int DEVICE_NAME = 255;
    /** A device id is a UUID (36 characters); a little room for spaces around it. */
    public static final int DEVICE_ID = 64;
    /** A device secret is 64 hex characters. */
    public static final int DEVICE_SECRET = 128;
    /** A webhook target URL. */
    public static final int URL = 2048;
    /** One event name of a webhook filter, and how many a filter may list. */
    public static final int EVENT_NAME = 100;
    public static final int EVENTS = 100;
    /** A text message: WhatsApp's own limit is 65,536 characters. */
    public static final int TEXT = 65_536;
    /** A phone number as typed (digits, a +, spaces). */
    public static final int PHONE = 32;
    /** A JID or phone number naming a chat or a sender. */
    public static final int JID = 256;
    /** A WhatsApp message id (the ones we make are 22 characters). */
    public static final int MESSAGE_ID = 128;
    /** Short option values ({@code output=json}). */
    public static final int OPTION = 16;
    /** WhatsApp's limit on an about text. */
    public static final int ABOUT = 139;

    private FieldLimits() {
    }
}
