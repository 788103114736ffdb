package dev.quiver.bench.image;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The peers' spelling of the operations quiver bench image compares: {@code grayscale} (Rec.601 luma of the
 * stored values), {@code gamma=G} and {@code contrast=F} (around mid-gray), each checked to give the same
 * pixels as Quiver's within a level or so (see the suite's validation).
 */
public final class PeerOps {
    /** A Rec.601 luma matrix for {@code vips recomb}: every output band is the luma. */
    public static final String VIPS_GRAY_MATRIX = "3 3\n0.299 0.587 0.114\n0.299 0.587 0.114\n0.299 0.587 0.114\n";

    private PeerOps() {
    }

    /** ImageMagick's options for {@code ops}, or why there are none. */
    public static Optional<List<String>> imageMagick(String ops) {
        var args = new ArrayList<String>();
        for (String op : ops.split(",")) {
            String[] kv = op.strip().split("=", 2);
            switch (kv[0]) {
                case "grayscale" -> args.addAll(List.of("-grayscale", "Rec601Luma"));
                case "gamma" -> args.addAll(List.of("-gamma", kv[1]));
                // (u - 0.5) * F + 0.5 on values scaled to 0..1, as Quiver's contrast does on 0..255 around 127.5.
                case "contrast" -> args.addAll(List.of("-function", "Polynomial", kv[1] + "," + number(0.5 - 0.5 * Double.parseDouble(kv[1]))));
                default -> {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(args);
    }

    /**
     * The {@code vips} commands that apply {@code ops} to {@code in}, each a process of its own reading the
     * last one's {@code .v} file, ending in {@code out}; or empty if an operation has no vips equivalent known here.
     */
    public static Optional<List<List<String>>> vips(String vips, String ops, Path in, Path out, Path matrix, Path scratch) {
        var commands = new ArrayList<List<String>>();
        String[] parts = ops.split(",");
        Path current = in;
        for (int i = 0; i < parts.length; i++) {
            String[] kv = parts[i].strip().split("=", 2);
            Path next = i == parts.length - 1 ? out : scratch.resolve("step" + i + ".v");
            switch (kv[0]) {
                case "grayscale" -> {
                    Path luma = scratch.resolve("step" + i + "-luma.v");
                    commands.add(List.of(vips, "recomb", current.toString(), luma.toString(), matrix.toString()));
                    commands.add(List.of(vips, "cast", luma.toString(), next.toString(), "uchar"));
                }
                case "gamma" -> commands.add(List.of(vips, "gamma", current.toString(), next.toString(), "--exponent", kv[1]));
                case "contrast" -> {
                    double f = Double.parseDouble(kv[1]);
                    // "--" ends the options, so that a negative offset is not taken for one.
                    commands.add(List.of(vips, "linear", "--uchar", "--", current.toString(), next.toString(), number(f), number(127.5 - 127.5 * f)));
                }
                default -> {
                    return Optional.empty();
                }
            }
            current = next;
        }
        return Optional.of(commands);
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.6g", v).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
    }
}
