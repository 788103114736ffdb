package dev.quiver.bench.run;

import dev.quiver.bench.report.ChartFile;
import dev.quiver.bench.report.CsvWriter;
import dev.quiver.bench.report.HtmlReport;
import dev.quiver.bench.report.JsonWriter;
import dev.quiver.bench.report.AtomicWrite;
import dev.quiver.bench.report.Report;
import dev.quiver.bench.report.TextTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.knowm.xchart.internal.chartpart.Chart;
import picocli.CommandLine.Option;

/** Where every suite's results go besides the table: CSV, JSON, a chart, an HTML page; and the progress line. */
public final class ReportOptions {
    @Option(names = "--csv", paramLabel = "FILE", description = "Write every measurement as CSV: a header row, then one row per measurement.")
    Path csv;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the report as JSON: command, machine, measurements, comparisons, findings.")
    Path json;

    @Option(names = "--chart", paramLabel = "FILE", description = "Write the charts as one image, SVG or PNG by the name's extension.")
    Path chart;

    @Option(names = "--html", paramLabel = "DIR", description = "Write DIR/index.html (tables and charts on one page) with results.csv, results.json and chart.svg beside it.")
    Path html;

    @Option(names = "--progress", negatable = true,
            description = "Show a progress line on standard error (default: when it is a terminal).")
    Boolean progress;

    /** Refuses a chart name whose format is unknown, before anything is measured. */
    void check(picocli.CommandLine commandLine) {
        if (chart != null) {
            try {
                ChartFile.check(chart);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(commandLine, e.getMessage());
            }
        }
    }

    Progress progress(PrintWriter err, int steps) {
        return new Progress(err, progress != null ? progress : Progress.terminal(), steps);
    }

    /** Prints the table, then writes each file asked for; a file that cannot be written is reported and makes the run fail. */
    boolean publish(Report report, Supplier<List<? extends Chart<?, ?>>> charts, PrintWriter out, PrintWriter err) {
        TextTable.print(report, out);
        boolean written = true;
        written &= write(csv, err, f -> AtomicWrite.text(f, CsvWriter.write(report.measurements())), "CSV", out);
        written &= write(json, err, f -> AtomicWrite.text(f, JsonWriter.write(report)), "JSON", out);
        written &= write(chart, err, f -> ChartFile.write(charts.get(), f), "chart", out);
        written &= write(html, err, d -> HtmlReport.write(report, charts.get(), d), "HTML report", out);
        out.flush();
        return written;
    }

    private interface Writer {
        void write(Path target) throws IOException;
    }

    private static boolean write(Path target, PrintWriter err, Writer writer, String what, PrintWriter out) {
        if (target == null) {
            return true;
        }
        try {
            writer.write(target);
            out.println("Wrote the " + what + " to " + target);
            return true;
        } catch (IOException | RuntimeException e) {
            err.println("quiver bench: cannot write the " + what + " to " + target + ": " + e.getMessage());
            err.flush();
            return false;
        }
    }
}
