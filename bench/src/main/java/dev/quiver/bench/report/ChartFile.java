package dev.quiver.bench.report;

import de.erichseifert.vectorgraphics2d.Document;
import de.erichseifert.vectorgraphics2d.Processors;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Charts laid out in a grid on one page, written as SVG (through VectorGraphics2D, which XChart uses for
 * vector output) or PNG (through ImageIO), told apart by the file's extension.
 */
public final class ChartFile {
    public static final int PANEL_WIDTH = 720;
    public static final int PANEL_HEIGHT = 440;

    private ChartFile() {
    }

    /** @throws IllegalArgumentException if {@code file} does not end in .svg or .png */
    public static void check(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".svg") && !name.endsWith(".png")) {
            throw new IllegalArgumentException("--chart " + file + ": the name must end in .svg or .png, which say the format");
        }
    }

    /** Writes the panels to {@code file} (through a temporary file, renamed into place). */
    public static void write(List<? extends Chart<?, ?>> panels, Path file) throws IOException {
        check(file);
        byte[] bytes = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".svg")
                ? svg(panels).getBytes(StandardCharsets.UTF_8) : png(panels);
        AtomicWrite.bytes(file, bytes);
    }

    public static String svg(List<? extends Chart<?, ?>> panels) throws IOException {
        var g = new VectorGraphics2D();
        int[] size = paint(panels, g);
        Document doc = Processors.get("svg").getDocument(g.getCommands(), new PageSize(0, 0, size[0], size[1]));
        var out = new ByteArrayOutputStream();
        doc.writeTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    public static byte[] png(List<? extends Chart<?, ?>> panels) throws IOException {
        int[] size = layout(panels.size());
        var image = new BufferedImage(size[0], size[1], BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            paint(panels, g);
        } finally {
            g.dispose();
        }
        var out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static int[] paint(List<? extends Chart<?, ?>> panels, Graphics2D g) {
        int[] size = layout(panels.size());
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, size[0], size[1]);
        int columns = columns(panels.size());
        for (int i = 0; i < panels.size(); i++) {
            Graphics2D panel = (Graphics2D) g.create((i % columns) * PANEL_WIDTH, (i / columns) * PANEL_HEIGHT, PANEL_WIDTH, PANEL_HEIGHT);
            try {
                panels.get(i).paint(panel, PANEL_WIDTH, PANEL_HEIGHT);
            } finally {
                panel.dispose();
            }
        }
        return size;
    }

    private static int columns(int panels) {
        return Math.max(1, Math.min(2, panels));
    }

    private static int[] layout(int panels) {
        int columns = columns(panels);
        int rows = Math.max(1, (panels + columns - 1) / columns);
        return new int[] {columns * PANEL_WIDTH, rows * PANEL_HEIGHT};
    }
}
