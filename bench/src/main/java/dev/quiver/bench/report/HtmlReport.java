package dev.quiver.bench.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * One page with everything a run found: the command and the machine, the table, Quiver against its peers,
 * the findings and the charts (inline SVG); beside it in the same folder, the CSV, the JSON and the charts
 * as files of their own.
 */
public final class HtmlReport {
    private HtmlReport() {
    }

    /** Writes {@code index.html}, {@code results.csv}, {@code results.json} and {@code chart.svg} into {@code dir}. */
    public static void write(Report report, List<? extends Chart<?, ?>> charts, Path dir) throws IOException {
        String svg = charts.isEmpty() ? "" : ChartFile.svg(charts);
        AtomicWrite.text(dir.resolve("results.csv"), CsvWriter.write(report.measurements()));
        AtomicWrite.text(dir.resolve("results.json"), JsonWriter.write(report));
        if (!svg.isEmpty()) {
            AtomicWrite.text(dir.resolve("chart.svg"), svg);
        }
        AtomicWrite.text(dir.resolve("index.html"), page(report, svg));
    }

    static String page(Report report, String svg) {
        var h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>quiver bench ").append(esc(report.suite()))
                .append("</title>\n<style>body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;font-size:13px}"
                        + "td,th{border:1px solid #ccc;padding:3px 8px}td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f3f3f3}"
                        + "tr.bad td{background:#fdd}tr.skip td{color:#888}code{background:#f5f5f5;padding:1px 4px}</style></head><body>\n");
        h.append("<h1>quiver bench ").append(esc(report.suite())).append("</h1>\n");
        h.append("<p><code>").append(esc(report.command())).append("</code>, started ").append(esc(report.started().toString())).append("</p>\n<ul>");
        report.machine().forEach(line -> h.append("<li>").append(esc(line)).append("</li>"));
        h.append("</ul>\n");
        if (!svg.isEmpty()) {
            h.append("<h2>Charts</h2>\n<div>").append(svg.replaceFirst("(?s)^<\\?xml[^>]*>\\s*(<!DOCTYPE[^>]*>\\s*)?", "")).append("</div>\n");
        }
        if (!report.comparisons().isEmpty()) {
            h.append("<h2>Quiver against its peers</h2>\n<p>Medians from the same run; speed-up is Quiver's throughput over the peer's.</p>\n<table><tr>"
                    + "<th>workload</th><th>Quiver</th><th>peer</th><th>speed-up</th><th>target</th><th>met</th></tr>\n");
            for (Comparison c : report.comparisons()) {
                h.append("<tr").append(c.hasTarget() && !c.met() ? " class=\"bad\"" : "").append("><td>").append(esc(c.workload())).append("</td><td>")
                        .append(esc(c.quiver())).append("</td><td>").append(esc(c.peer())).append("</td><td class=\"n\">")
                        .append(String.format(Locale.ROOT, "%.2fx", c.speedUp())).append("</td><td class=\"n\">")
                        .append(c.hasTarget() ? String.format(Locale.ROOT, "&ge; %.2fx", c.target()) : "").append("</td><td>")
                        .append(c.hasTarget() ? (c.met() ? "yes" : "no") : "").append("</td></tr>\n");
            }
            h.append("</table>\n");
        }
        if (!report.findings().isEmpty()) {
            h.append("<h2>Findings</h2>\n<ul>");
            report.findings().forEach(f -> h.append("<li>").append(esc(f)).append("</li>"));
            h.append("</ul>\n");
        }
        h.append("<h2>Measurements</h2>\n<p>Also as <a href=\"results.csv\">results.csv</a> and <a href=\"results.json\">results.json</a>.</p>\n<table><tr>");
        TextTable.header().forEach(c -> h.append("<th>").append(esc(c)).append("</th>"));
        h.append("</tr>\n");
        List<String[]> cells = TextTable.cells(report);
        for (int i = 0; i < cells.size(); i++) {
            Measurement m = report.measurements().get(i);
            h.append("<tr").append(m.isSkipped() ? " class=\"skip\"" : m.isValid() ? "" : " class=\"bad\"").append(">");
            String[] r = cells.get(i);
            for (int c = 0; c < r.length; c++) {
                h.append(c >= 3 && c <= 9 ? "<td class=\"n\">" : "<td>").append(esc(r[c])).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n</body></html>\n");
        return h.toString();
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
