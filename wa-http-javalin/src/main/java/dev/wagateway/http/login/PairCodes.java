package dev.wagateway.http.login;

/** How a pairing code is shown: {@code ABCD-EFGH} (api.md row 19), the form the phone displays and accepts. */
public final class PairCodes {

    private PairCodes() {
    }

    /** {@code P52MXQA5} as {@code P52M-XQA5}; a code already grouped, or of another length, is left as it is. */
    public static String display(String code) {
        String plain = code.strip();
        return plain.length() == 8 && plain.indexOf('-') < 0 ? plain.substring(0, 4) + "-" + plain.substring(4)
                : plain;
    }
}
