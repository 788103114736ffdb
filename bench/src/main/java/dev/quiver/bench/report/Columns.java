package dev.quiver.bench.report;

import java.util.List;
import java.util.function.Function;

/**
 * The fields of a {@link Measurement} as the CSV and the JSON name them, in order, so that the two files
 * cannot drift apart. A value is a String, a Number (a NaN double means "not measured") or a Boolean
 * (null: not measured).
 */
public final class Columns {
    /** One field: its name in the files and how to read it. */
    public record Column(String name, Function<Measurement, Object> value) {
    }

    /** The columns first, then the unit of {@code size} and the note. */
    public static final List<Column> ALL = List.of(
            new Column("suite", Measurement::suite),
            new Column("workload", Measurement::workload),
            new Column("tool", Measurement::tool),
            new Column("backend", Measurement::backend),
            new Column("size", Measurement::size),
            new Column("threads", Measurement::threads),
            new Column("runs", Measurement::runs),
            new Column("best_s", Measurement::bestSeconds),
            new Column("median_s", Measurement::medianSeconds),
            new Column("throughput", Measurement::throughput),
            new Column("unit", Measurement::unit),
            new Column("peak_pct", Measurement::peakPercent),
            new Column("valid", Measurement::valid),
            new Column("size_unit", Measurement::sizeUnit),
            new Column("note", Measurement::note));

    private Columns() {
    }

    public static List<String> names() {
        return ALL.stream().map(Column::name).toList();
    }

    /** A value as text, plain and locale-free: "" for NaN and null. */
    static String text(Object value) {
        return switch (value) {
            case null -> "";
            case Double d when d.isNaN() || d.isInfinite() -> "";
            case Double d -> plain(d);
            default -> value.toString();
        };
    }

    /** Up to 9 significant digits, never in exponent form. */
    private static String plain(double d) {
        return new java.math.BigDecimal(d).round(new java.math.MathContext(9)).stripTrailingZeros().toPlainString();
    }
}
