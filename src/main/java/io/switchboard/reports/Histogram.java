package io.switchboard.reports;

/**
 * The values of a rollup cell in fixed bins (docs/metrics.md, "Rollups"): exact below {@value #EXACT},
 * then geometric bins {@value #RATIO} wide. Percentiles are PostgreSQL's {@code percentile_cont} over
 * the values with each replaced by its bin's representative (the bin's geometric middle), so they are
 * within {@link #RELATIVE_ERROR} of the exact ones. Bins are assigned on write by the database's
 * {@code report_bin} (V19), which this class mirrors in {@link #bin(long)}, and stored packed ({@code report_hist}, V27).
 */
final class Histogram {

    static final int EXACT = 64;
    static final double RATIO = 1.05;
    /** A representative is at most this far from any value of its bin, relatively: √1.05 − 1. */
    static final double RELATIVE_ERROR = Math.sqrt(RATIO) - 1;

    /** A stored histogram's word (V27): the bin in the top {@value #BIN_BITS} bits, its count in the rest. */
    static final int BIN_BITS = 10;
    private static final int COUNT_BITS = 32 - BIN_BITS;
    private static final int COUNT_MASK = (1 << COUNT_BITS) - 1;

    /** The only stored histogram added so far, read as it is: most buckets of a report are one cell. */
    private byte[] single;
    /** The count per bin, once two or more are added. */
    private long[] counts;
    private long total;

    /**
     * Adds a stored histogram: one big-endian word per bin with a count, in ascending bin order, a bin
     * repeated when its count needs more than one word.
     */
    void add(byte[] words) {
        if (words.length == 0) {
            return;
        }
        if (single == null && counts == null) {
            single = words;
            for (int at = 0; at < words.length; at += 4) {
                total += count(word(words, at));
            }
            return;
        }
        if (counts == null) {
            counts = new long[0];
            spread(single);
            single = null;
        }
        total += spread(words);
    }

    private long spread(byte[] words) {
        long added = 0;
        for (int at = 0; at < words.length; at += 4) {
            int word = word(words, at);
            int bin = word >>> COUNT_BITS;
            if (bin >= counts.length) {
                counts = java.util.Arrays.copyOf(counts, Math.max(bin + 1, 2 * counts.length));
            }
            counts[bin] += count(word);
            added += count(word);
        }
        return added;
    }

    /** Linear interpolation between the two nearest ranks, like {@code percentile_cont}; null when empty. */
    Double percentile(double p) {
        if (total == 0) {
            return null;
        }
        double position = p * (total - 1);
        long lower = (long) Math.floor(position);
        long upper = (long) Math.ceil(position);
        double low = valueAt(lower);
        return low + (position - lower) * (valueAt(upper) - low);
    }

    private double valueAt(long rank) {
        long seen = 0;
        if (counts == null) {
            for (int at = 0; at < single.length; at += 4) {
                int word = word(single, at);
                seen += count(word);
                if (rank < seen) {
                    return representative(word >>> COUNT_BITS);
                }
            }
        } else {
            for (int bin = 0; bin < counts.length; bin++) {
                seen += counts[bin];
                if (rank < seen) {
                    return representative(bin);
                }
            }
        }
        throw new IllegalStateException("rank " + rank + " beyond the histogram");
    }

    private static int word(byte[] words, int at) {
        return (words[at] & 0xFF) << 24 | (words[at + 1] & 0xFF) << 16 | (words[at + 2] & 0xFF) << 8 | (words[at + 3] & 0xFF);
    }

    private static int count(int word) {
        return word & COUNT_MASK;
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
