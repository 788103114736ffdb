package dev.quiver.bench.report;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The report as people read it in a terminal: one aligned row per measurement, then comparisons and findings. */
public final class TextTable {
    private static final String[] HEADER = {"workload", "tool", "backend", "size", "threads", "runs", "best", "median", "throughput", "% peak",
        "valid"};

    private TextTable() {
    }

    public static void print(Report report, PrintWriter out) {
        var rows = new ArrayList<String[]>();
        rows.add(HEADER);
        for (Measurement m : report.measurements()) {
            rows.add(row(m));
        }
        int[] widths = new int[HEADER.length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        }
        for (int i = 0; i < rows.size(); i++) {
            String[] r = rows.get(i);
            var line = new StringBuilder();
            for (int c = 0; c < r.length; c++) {
                boolean right = c >= 3 && c <= 9;
                String cell = right ? " ".repeat(widths[c] - r[c].length()) + r[c] : r[c] + " ".repeat(widths[c] - r[c].length());
                line.append(cell).append(c + 1 < r.length ? "  " : "");
            }
            Measurement m = i == 0 ? null : report.measurements().get(i - 1);
            if (m != null && !m.note().isEmpty()) {
                line.append("  ").append(m.note());
            }
            out.println(line.toString().stripTrailing());
        }
        if (!report.comparisons().isEmpty()) {
            out.println();
            out.println("Quiver against its peers (medians, same run; speed-up = Quiver's throughput / the peer's):");
            for (Comparison c : report.comparisons()) {
                out.printf(Locale.ROOT, "  %-34s %-22s vs %-28s %s%n", c.workload(), c.quiver(), c.peer(), c.describe());
            }
        }
        if (!report.findings().isEmpty()) {
            out.println();
            report.findings().forEach(f -> out.println(f));
        }
        out.flush();
    }

    static String[] row(Measurement m) {
        if (m.isSkipped()) {
            return new String[] {m.workload(), m.tool(), m.backend(), size(m), "", "", "", "", "", "", "skipped"};
        }
        return new String[] {m.workload(), m.tool(), m.backend(), size(m), m.threads() == 0 ? "" : Integer.toString(m.threads()),
            Integer.toString(m.runs()), duration(m.bestSeconds()), duration(m.medianSeconds()),
            String.format(Locale.ROOT, "%.2f %s", m.throughput(), m.unit()),
            Double.isNaN(m.peakPercent()) ? "" : String.format(Locale.ROOT, "%.1f%%", m.peakPercent()), m.isValid() ? "yes" : "INVALID"};
    }

    /** "16Mi", "24.0 Mpx", "180.0 MB". */
    public static String size(Measurement m) {
        return switch (m.sizeUnit()) {
            case "elements" -> SizeList.format(m.size());
            case "pixels" -> String.format(Locale.ROOT, "%.1f Mpx", m.size() / 1e6);
            case "bytes" -> String.format(Locale.ROOT, "%.1f MB", m.size() / 1e6);
            default -> m.size() + " " + m.sizeUnit();
        };
    }

    public static String duration(double seconds) {
        if (Double.isNaN(seconds)) {
            return "";
        }
        if (seconds < 1e-3) {
            return String.format(Locale.ROOT, "%.1f us", seconds * 1e6);
        }
        if (seconds < 1) {
            return String.format(Locale.ROOT, "%.3f ms", seconds * 1e3);
        }
        return String.format(Locale.ROOT, "%.3f s", seconds);
    }

    /** Rows for the HTML report: the header, then one per measurement (the note last). */
    public static List<String[]> cells(Report report) {
        var rows = new ArrayList<String[]>();
        for (Measurement m : report.measurements()) {
            String[] r = row(m);
            String[] withNote = java.util.Arrays.copyOf(r, r.length + 1);
            withNote[r.length] = m.note();
            rows.add(withNote);
        }
        return rows;
    }

    public static List<String> header() {
        var h = new ArrayList<>(List.of(HEADER));
        h.add("note");
        return h;
    }
}
