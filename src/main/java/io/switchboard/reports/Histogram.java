package io.switchboard.reports;

import java.util.ArrayList;
import java.util.List;

/**
 * The values of a rollup cell in fixed bins (docs/metrics.md, "Rollups"): exact below {@value #EXACT},
 * then geometric bins {@value #RATIO} wide. Percentiles are PostgreSQL's {@code percentile_cont} over
 * the values with each replaced by its bin's representative (the bin's geometric middle), so they are
 * within {@link #RELATIVE_ERROR} of the exact ones. Bins are assigned on write by the database's
 * {@code report_bin} (V19), which this class mirrors in {@link #bin(long)}.
 */
final class Histogram {

    static final int EXACT = 64;
    static final double RATIO = 1.05;
    /** A representative is at most this far from any value of its bin, relatively: √1.05 − 1. */
    static final double RELATIVE_ERROR = Math.sqrt(RATIO) - 1;

    /** The stored histograms added, merged only when a percentile is asked (most levels hold one). */
    private final List<int[]> parts = new ArrayList<>();
    private long total;

    /** Adds a stored histogram: {@code {bin, count, bin, count, …}} in ascending bin order. */
    void add(int[] pairs) {
        if (pairs.length == 0) {
            return;
        }
        parts.add(pairs);
        for (int i = 1; i < pairs.length; i += 2) {
            total += pairs[i];
        }
    }

    long count() {
        return total;
    }

    /** Linear interpolation between the two nearest ranks, like {@code percentile_cont}; null when empty. */
    Double percentile(double p) {
        if (total == 0) {
            return null;
        }
        int[] pairs = merged();
        double position = p * (total - 1);
        long lower = (long) Math.floor(position);
        long upper = (long) Math.ceil(position);
        double low = valueAt(pairs, lower);
        return low + (position - lower) * (valueAt(pairs, upper) - low);
    }

    private int[] merged() {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        int top = 0;
        for (int[] part : parts) {
            top = Math.max(top, part[part.length - 2]);
        }
        long[] counts = new long[top + 1];
        for (int[] part : parts) {
            for (int i = 0; i < part.length; i += 2) {
                counts[part[i]] += part[i + 1];
            }
        }
        int bins = 0;
        for (long n : counts) {
            bins += n == 0 ? 0 : 1;
        }
        int[] pairs = new int[2 * bins];
        for (int bin = 0, i = 0; bin < counts.length; bin++) {
            if (counts[bin] != 0) {
                pairs[i++] = bin;
                pairs[i++] = (int) counts[bin];
            }
        }
        parts.clear();
        parts.add(pairs);
        return pairs;
    }

    private static double valueAt(int[] pairs, long rank) {
        long seen = 0;
        for (int i = 0; i < pairs.length; i += 2) {
            seen += pairs[i + 1];
            if (rank < seen) {
                return representative(pairs[i]);
            }
        }
        throw new IllegalStateException("rank " + rank + " beyond the histogram");
    }

    static int bin(long value) {
        if (value < EXACT) {
            return (int) Math.max(value, 0);
        }
        return EXACT + (int) Math.floor(Math.log(value / (double) EXACT) / Math.log(RATIO));
    }

    /** The exact value below {@value #EXACT}; above, the geometric middle of {@code [64·1.05^k, 64·1.05^(k+1))}. */
    static double representative(int bin) {
        if (bin < EXACT) {
            return bin;
        }
        return EXACT * Math.pow(RATIO, bin - EXACT + 0.5);
    }
}
