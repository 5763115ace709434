package dev.wagateway.protocol.version;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the current web version out of the page WhatsApp serves its web client from, as both references do: the
 * page's bootstrap data holds {@code "client_revision":N} (whatsmeow {@code update.go} reads it from
 * {@code https://web.whatsapp.com}; Baileys' {@code fetchLatestWaWebVersion} from {@code /sw.js}, where the quotes
 * may be escaped). The text is untrusted: only a bounded number of digits is read, and the first match counts.
 */
public final class WebVersionPage {

    /** Where WhatsApp serves the current revision (whatsmeow {@code socket.Origin}). */
    public static final String DEFAULT_URL = "https://web.whatsapp.com/";

    private static final Pattern REVISION = Pattern.compile("\\\\?\"client_revision\\\\?\":\\s{0,8}([0-9]{1,10})(?![0-9])");

    private WebVersionPage() {
    }

    /** The version the page announces, {@code 2.3000.<client_revision>}; empty when it holds none. */
    public static Optional<WebVersion> parse(CharSequence page) {
        Matcher matcher = REVISION.matcher(page);
        if (!matcher.find()) {
            return Optional.empty();
        }
        long revision = Long.parseLong(matcher.group(1));
        if (revision == 0 || revision > 0xFFFF_FFFFL) {
            return Optional.empty();
        }
        return Optional.of(WebVersion.ofRevision(revision));
    }

    /**
     * A page announcing {@code version} in the plain form both references' patterns match
     * ({@code "client_revision":N,}), for servers that stand in for WhatsApp.
     */
    public static String render(WebVersion version) {
        return "<script>window.__SiteData={\"client_revision\":" + version.tertiary()
                + ",\"server_revision\":" + version.tertiary() + "};</script>\n";
    }
}
