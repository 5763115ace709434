package dev.wagateway.core.message;

import java.text.BreakIterator;
import java.util.Locale;

/**
 * Whether a reaction is one emoji, as WhatsApp's apps only offer: one grapheme cluster (a flag, a skin-toned or
 * ZWJ-joined sequence counts as one) that holds a pictographic character or a pair of regional indicators.
 */
final class Emoji {

    private Emoji() {
    }

    /** True for exactly one emoji, false for text, two emojis or nothing. */
    static boolean isSingle(String value) {
        if (value == null || value.isEmpty()) {
            return false;
        }
        BreakIterator graphemes = BreakIterator.getCharacterInstance(Locale.ROOT);
        graphemes.setText(value);
        graphemes.first();
        if (graphemes.next() != value.length()) {
            return false;
        }
        return value.codePoints().anyMatch(cp -> Character.isExtendedPictographic(cp)
                || (cp >= 0x1F1E6 && cp <= 0x1F1FF) || (Character.isEmoji(cp) && cp > 0x7F));
    }
}
