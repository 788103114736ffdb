package dev.quiver.bench.report;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The whole report as one JSON object: {@code suite}, {@code command}, {@code started}, {@code machine}
 * (lines), {@code measurements} (objects keyed as the CSV's columns; null where the CSV has an empty
 * field), {@code comparisons} and {@code findings}.
 */
public final class JsonWriter {
    private JsonWriter() {
    }

    public static String write(Report report) {
        var out = new StringBuilder("{\n");
        out.append("  \"suite\": ").append(string(report.suite())).append(",\n");
        out.append("  \"command\": ").append(string(report.command())).append(",\n");
        out.append("  \"started\": ").append(string(report.started().toString())).append(",\n");
        out.append("  \"machine\": ").append(strings(report.machine())).append(",\n");
        out.append("  \"measurements\": [");
        out.append(report.measurements().stream().map(m -> "\n    {" + Columns.ALL.stream()
                .map(c -> string(c.name()) + ": " + value(c.value().apply(m))).collect(Collectors.joining(", ")) + "}")
                .collect(Collectors.joining(",")));
        out.append(report.measurements().isEmpty() ? "],\n" : "\n  ],\n");
        out.append("  \"comparisons\": [");
        out.append(report.comparisons().stream().map(c -> "\n    {\"suite\": " + string(c.suite()) + ", \"workload\": " + string(c.workload())
                + ", \"quiver\": " + string(c.quiver()) + ", \"peer\": " + string(c.peer()) + ", \"speed_up\": " + value(c.speedUp())
                + ", \"target\": " + value(c.target()) + ", \"met\": " + (c.hasTarget() ? c.met() : "null") + "}")
                .collect(Collectors.joining(",")));
        out.append(report.comparisons().isEmpty() ? "],\n" : "\n  ],\n");
        out.append("  \"findings\": ").append(strings(report.findings())).append("\n}\n");
        return out.toString();
    }

    private static String value(Object v) {
        return switch (v) {
            case null -> "null";
            case Double d when d.isNaN() || d.isInfinite() -> "null";
            case Number n -> Columns.text(n);
            case Boolean b -> b.toString();
            default -> string(v.toString());
        };
    }

    private static String strings(List<String> lines) {
        return "[" + lines.stream().map(JsonWriter::string).collect(Collectors.joining(", ")) + "]";
    }

    static String string(String s) {
        var out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
