package dev.wagateway.app.config;

import java.util.regex.Pattern;

/** Checks a six-field cron spec (seconds first), as the original gateway's scheduler reads them. */
final class CronSpec {

    private static final Pattern FIELD = Pattern.compile("[0-9A-Za-z*?/,\\-LW#]+");
    private static final int[][] RANGES = {{0, 59}, {0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 7}};

    private CronSpec() {
    }

    static String validate(String text) {
        String spec = text.trim();
        if (spec.startsWith("@")) {
            if (spec.matches("@(yearly|annually|monthly|weekly|daily|midnight|hourly)|@every \\S+")) {
                return spec;
            }
            throw new IllegalArgumentException("unknown cron descriptor; expected six fields such as '0 */2 * * * *'");
        }
        String[] fields = spec.split("\\s+");
        if (fields.length != 6) {
            throw new IllegalArgumentException("expected six cron fields (seconds first), such as '0 */2 * * * *'");
        }
        for (int i = 0; i < fields.length; i++) {
            if (!FIELD.matcher(fields[i]).matches()) {
                throw new IllegalArgumentException("cron field " + (i + 1) + " ('" + fields[i] + "') is not valid");
            }
            for (String number : fields[i].split("[^0-9]+")) {
                if (number.isEmpty()) {
                    continue;
                }
                if (number.length() > 4 || Integer.parseInt(number) > RANGES[i][1]
                        && !(fields[i].contains("/") && fields[i].endsWith("/" + number))) {
                    throw new IllegalArgumentException("cron field " + (i + 1) + " ('" + fields[i]
                            + "') is outside " + RANGES[i][0] + "-" + RANGES[i][1]);
                }
            }
        }
        return spec;
    }
}
