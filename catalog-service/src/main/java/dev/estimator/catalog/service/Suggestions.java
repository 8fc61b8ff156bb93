package dev.estimator.catalog.service;

import java.util.Collection;
import java.util.Comparator;

/** "Did you mean" hints for unknown ids, by edit distance. */
public final class Suggestions {

    private Suggestions() {
    }

    /** Returns {@code "; did you mean 'x'?"} for the closest id within a few edits, else an empty string. */
    public static String didYouMean(String wanted, Collection<String> known) {
        String lower = wanted.toLowerCase();
        // A prefix ("nvidia-h100" for "nvidia-h100-sxm") is a stronger hint than a small edit distance.
        var prefixed = known.stream().filter(k -> k.startsWith(lower)).min(Comparator.comparingInt(String::length));
        if (prefixed.isPresent()) {
            return "; did you mean '" + prefixed.get() + "'?";
        }
        return known.stream()
                .min(Comparator.comparingInt(k -> distance(lower, k)))
                .filter(best -> distance(lower, best) <= Math.max(3, best.length() / 3) || best.contains(lower) || lower.contains(best))
                .map(best -> "; did you mean '" + best + "'?")
                .orElse("");
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
