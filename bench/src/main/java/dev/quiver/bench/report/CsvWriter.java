package dev.quiver.bench.report;

import java.util.List;
import java.util.stream.Collectors;

/** A header row of {@link Columns#ALL}, then one row per measurement (RFC 4180 quoting). */
public final class CsvWriter {
    private CsvWriter() {
    }

    public static String write(List<Measurement> measurements) {
        var out = new StringBuilder(String.join(",", Columns.names())).append('\n');
        for (Measurement m : measurements) {
            out.append(Columns.ALL.stream().map(c -> quote(Columns.text(c.value().apply(m)))).collect(Collectors.joining(","))).append('\n');
        }
        return out.toString();
    }

    static String quote(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
