import java.util.Arrays;
import java.util.Locale;

/**
 * The soak's verdict on one metric sampled once a minute after the warm-up (issue 22: "flat within 10 % after
 * warm-up"): a least-squares line through the samples, and the growth that line projects over the whole
 * post-warm-up span. A series that wanders without a trend (heap after GC moving with what is in flight at the
 * moment of the GC, threads of elastic pools coming and going) has a fitted growth near zero whatever its spread;
 * a leak has a growth that keeps its sign. The spread is reported too, as a figure, not as the verdict.
 *
 * <p>{@code java bench/Flatness.java} (or {@code bench/soak.sh --self-check}) checks the arithmetic on a rising and
 * a flat series and exits 1 when either verdict is wrong.
 */
record Flatness(String metric, double[] values, double slopePerMinute, double mean, double min, double max) {

    /** The least-squares fit of {@code values}, one a minute. */
    static Flatness of(String metric, double[] values) {
        int n = values.length;
        if (n < 2) {
            throw new IllegalArgumentException(metric + ": a trend needs two samples at least, got " + n);
        }
        double meanX = (n - 1) / 2.0;
        double mean = Arrays.stream(values).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        for (int x = 0; x < n; x++) {
            sxy += (x - meanX) * (values[x] - mean);
            sxx += (x - meanX) * (x - meanX);
        }
        return new Flatness(metric, values.clone(), sxy / sxx, mean, Arrays.stream(values).min().orElseThrow(),
                Arrays.stream(values).max().orElseThrow());
    }

    /** What the fitted line grows over the span of the samples (first to last minute). */
    double growth() {
        return slopePerMinute * (values.length - 1);
    }

    /** The fitted growth as a percentage of the mean. */
    double growthPercent() {
        return mean == 0 ? 0 : 100 * growth() / mean;
    }

    /** (max - min) / min, in percent: a figure for the record, not the verdict. */
    double spreadPercent() {
        return min == 0 ? 0 : 100 * (max - min) / min;
    }

    /** Flat when the fitted growth is at most {@code percent} of the mean. */
    boolean flatWithinPercent(double percent) {
        return growthPercent() <= percent;
    }

    /** Flat when the fitted growth is at most {@code bound} (a count: threads, descriptors). */
    boolean flatWithin(double bound) {
        return growth() <= bound;
    }

    /** One line with the numbers behind a verdict, e.g. for MiB {@code scale} 1048576. */
    String line(String unit, double scale, boolean flat, String bound) {
        return String.format(Locale.ROOT, "  %-10s %s: %.1f..%.1f %s (spread %.1f %%), mean %.1f, fitted %+.2f %s/min, "
                        + "growth over %d min %+.1f %s (%+.1f %% of the mean; bound %s)", metric,
                flat ? "flat    " : "GROWING ", min / scale, max / scale, unit, spreadPercent(), mean / scale,
                slopePerMinute / scale, unit, values.length - 1, growth() / scale, unit, growthPercent(), bound);
    }

    /** The self-check: a rising series must fail, a flat noisy one (larger spread) must pass, a count likewise. */
    public static void main(String[] args) {
        // +3 MiB a minute on 100 MiB, little noise: spread 15 %, fitted growth about 14 % of the mean
        Flatness rising = of("rising", new double[] {100, 103.5, 105.5, 109, 112, 115});
        // the 50-device soak's heap after GC (04:15 run) without its warm-up, padded with the same wandering:
        // spread 37 %, no trend
        Flatness wandering = of("wandering", new double[] {47.9, 65.8, 49.7, 53.0, 65.5, 48.2, 60.6, 52.0});
        // threads: each minute's highest of its samples (the upper envelope; a single sample of elastic pools
        // swings by 50 and a fit through 4 to 8 of them is noise), no trend; then a leak of 3 threads a minute
        Flatness pool = of("pool", new double[] {351, 356, 349, 353, 357, 350, 354, 351});
        Flatness leak = of("leak", new double[] {290, 293, 296, 299, 302, 305, 308, 311});
        Flatness slope = of("line", new double[] {1, 3, 5, 7});
        boolean ok = true;
        ok &= expect(!rising.flatWithinPercent(10), rising.line("MiB", 1, rising.flatWithinPercent(10), "10 %"));
        ok &= expect(wandering.flatWithinPercent(10) && wandering.spreadPercent() > 10,
                wandering.line("MiB", 1, wandering.flatWithinPercent(10), "10 %"));
        ok &= expect(pool.flatWithin(8), pool.line("", 1, pool.flatWithin(8), "+8"));
        ok &= expect(!leak.flatWithin(8), leak.line("", 1, leak.flatWithin(8), "+8"));
        ok &= expect(slope.slopePerMinute() == 2 && slope.growth() == 6 && slope.mean() == 4,
                slope.line("", 1, slope.flatWithin(8), "+8"));
        System.out.println(ok ? "flatness self-check: PASSED" : "flatness self-check: FAILED");
        System.exit(ok ? 0 : 1);
    }

    private static boolean expect(boolean right, String line) {
        System.out.println((right ? "ok    " : "WRONG ") + line);
        return right;
    }
}
