package dev.quiver.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The charts of each suite, built from a report's valid rows (an invalid or skipped row is never drawn). */
public final class Charts {
    private static final BasicStroke DASHED = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {8, 5}, 0);

    private Charts() {
    }

    /**
     * One panel per kernel: best GB/s against elements per array (log scale), a line per backend, and each
     * peak that applies drawn flat across; then a panel of the transfers to and from devices, if any.
     */
    public static List<Chart<?, ?>> stream(Report report) {
        var rows = report.measurements().stream().filter(m -> m.suite().equals("stream") && m.isValid()).toList();
        var peaks = rows.stream().filter(m -> m.tool().equals("peak")).toList();
        var kernels = new LinkedHashSet<String>();
        rows.stream().filter(m -> !m.tool().equals("peak")).forEach(m -> kernels.add(m.workload()));
        var panels = new ArrayList<Chart<?, ?>>();
        for (String kernel : kernels) {
            var mine = rows.stream().filter(m -> m.workload().equals(kernel) && !m.tool().equals("peak")).toList();
            XYChart chart = xy(kernel.equals("h2d") || kernel.equals("d2h") ? "transfer " + kernel : kernel + " (best of N)",
                    "elements per array", "GB/s");
            chart.getStyler().setXAxisLogarithmic(true);
            chart.getStyler().setXAxisDecimalPattern("#,###");
            double lo = mine.stream().mapToDouble(Measurement::size).min().orElse(1);
            double hi = mine.stream().mapToDouble(Measurement::size).max().orElse(2);
            for (var e : byLabel(mine).entrySet()) {
                var series = chart.addSeries(e.getKey(), e.getValue().stream().mapToDouble(Measurement::size).toArray(),
                        e.getValue().stream().mapToDouble(Measurement::throughput).toArray());
                series.setMarker(SeriesMarkers.CIRCLE);
            }
            if (!kernel.equals("h2d") && !kernel.equals("d2h")) {
                var used = new LinkedHashSet<String>();
                mine.forEach(m -> used.add(m.backend().startsWith("opencl") ? m.backend() : "cpu"));
                for (Measurement p : peaks) {
                    if (used.contains(p.backend())) {
                        XYSeries line = chart.addSeries(String.format(java.util.Locale.ROOT, "peak %s %.1f GB/s", p.backend(), p.throughput()),
                                new double[] {lo, Math.max(hi, lo * 1.01)}, new double[] {p.throughput(), p.throughput()});
                        line.setMarker(SeriesMarkers.NONE);
                        line.setLineStyle(DASHED);
                    }
                }
            }
            panels.add(chart);
        }
        return panels;
    }

    /**
     * A bar chart of one workload: each tool's median throughput, labelled by the tool's name; tools that were
     * skipped or invalid are named in the title rather than drawn.
     */
    public static CategoryChart bars(String title, List<Measurement> rows) {
        var measured = rows.stream().filter(Measurement::isValid).toList();
        var absent = rows.stream().filter(m -> !m.isValid()).map(m -> m.tool() + (m.isSkipped() ? " skipped" : " invalid")).toList();
        String fullTitle = absent.isEmpty() ? title : title + " (" + String.join(", ", absent) + ")";
        CategoryChart chart = new CategoryChartBuilder().width(ChartFile.PANEL_WIDTH).height(ChartFile.PANEL_HEIGHT).title(fullTitle)
                .xAxisTitle("").yAxisTitle(measured.isEmpty() ? "" : measured.getFirst().unit() + " (median)").build();
        style(chart.getStyler());
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setYAxisMin(0.0);
        if (measured.isEmpty()) {
            chart.addSeries("nothing measured", List.of("nothing measured"), List.of(0));
            return chart;
        }
        boolean toolsRepeat = measured.stream().map(Measurement::tool).distinct().count() < measured.size();
        chart.addSeries("median", measured.stream().map(m -> toolsRepeat ? label(m) : m.tool()).toList(),
                measured.stream().map(m -> (Number) m.medianThroughput()).toList());
        return chart;
    }

    /**
     * Speed-up against threads: the measured points, the curve of Amdahl's law with the serial fraction
     * fitted to them, and the ideal (linear) speed-up.
     */
    public static XYChart scaling(String title, double[] threads, double[] speedUp, double serialFraction) {
        XYChart chart = xy(title, "threads", "speed-up over 1 thread");
        var measured = chart.addSeries("measured", threads, speedUp);
        measured.setMarker(SeriesMarkers.CIRCLE);
        double max = java.util.Arrays.stream(threads).max().orElse(1);
        int steps = 50;
        double[] x = new double[steps + 1];
        double[] fit = new double[steps + 1];
        DoubleUnaryOperator amdahl = n -> 1 / (serialFraction + (1 - serialFraction) / n);
        for (int i = 0; i <= steps; i++) {
            x[i] = 1 + (max - 1) * i / steps;
            fit[i] = amdahl.applyAsDouble(x[i]);
        }
        var curve = chart.addSeries(String.format(java.util.Locale.ROOT, "Amdahl, serial fraction %.3f", serialFraction), x, fit);
        curve.setMarker(SeriesMarkers.NONE);
        var ideal = chart.addSeries("ideal", new double[] {1, Math.max(max, 1.01)}, new double[] {1, Math.max(max, 1.01)});
        ideal.setMarker(SeriesMarkers.NONE);
        ideal.setLineStyle(DASHED);
        ideal.setLineColor(Color.GRAY);
        return chart;
    }

    private static XYChart xy(String title, String x, String y) {
        XYChart chart = new XYChartBuilder().width(ChartFile.PANEL_WIDTH).height(ChartFile.PANEL_HEIGHT).title(title).xAxisTitle(x).yAxisTitle(y).build();
        style(chart.getStyler());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisDecimalPattern("#,##0.#");
        return chart;
    }

    private static void style(Styler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setLegendPosition(Styler.LegendPosition.InsideNW);
        s.setLegendBackgroundColor(new Color(255, 255, 255, 220));
    }

    private static Map<String, List<Measurement>> byLabel(List<Measurement> rows) {
        var map = new LinkedHashMap<String, List<Measurement>>();
        for (Measurement m : rows) {
            map.computeIfAbsent(m.backend(), k -> new ArrayList<>()).add(m);
        }
        map.values().forEach(l -> l.sort(java.util.Comparator.comparingLong(Measurement::size)));
        return map;
    }

    private static String label(Measurement m) {
        return m.backend().isEmpty() ? m.tool() : m.tool() + " " + m.backend();
    }
}
