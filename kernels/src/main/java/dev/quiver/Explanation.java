package dev.quiver;

import java.util.List;
import java.util.Locale;

/**
 * Why {@link ParallelMap} would run a kernel where it would: the backend chosen and, for every backend,
 * what it would do or why it was passed over.
 *
 * @param kernel     the kernel's name
 * @param length     the number of elements
 * @param chosen     the backend that would run first
 * @param candidates every backend in the order they would be tried
 */
public record Explanation(String kernel, long length, String chosen, List<Candidate> candidates) {

    public Explanation {
        candidates = List.copyOf(candidates);
    }

    /**
     * One backend's part.
     *
     * @param role   {@code chosen}, {@code fallback}, or {@code skipped}
     * @param reason what it would do, or why it is skipped
     */
    public record Candidate(String backend, String role, String reason) {
    }

    @Override
    public String toString() {
        var sb = new StringBuilder(String.format(Locale.ROOT, "kernel '%s' on %,d elements runs on %s%n", kernel, length, chosen));
        for (Candidate c : candidates) {
            sb.append(String.format(Locale.ROOT, "  %-10s %-9s %s%n", c.backend(), c.role(), c.reason()));
        }
        return sb.toString();
    }
}
