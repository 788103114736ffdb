package dev.quiver.bench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quiver.bench.report.Columns;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;

/** Checks of the files quiver bench writes, by independent readers: a CSV splitter, Jackson, the JDK's XML parser and ImageIO. */
final class Files2 {
    static final List<String> REQUIRED = List.of("suite", "workload", "tool", "backend", "size", "threads", "runs", "best_s", "median_s",
            "throughput", "unit", "peak_pct", "valid");

    private Files2() {
    }

    /** The CSV's rows as lists of fields (RFC 4180), the header first; checks every row has the header's width. */
    static List<List<String>> csv(Path file) throws IOException {
        String text = Files.readString(file);
        var rows = new ArrayList<List<String>>();
        var row = new ArrayList<String>();
        var field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\n') {
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        assertTrue(row.isEmpty() && field.isEmpty(), "the CSV ends with a newline");
        assertEquals(Columns.names(), rows.getFirst(), "header");
        assertEquals(REQUIRED, rows.getFirst().subList(0, REQUIRED.size()), "the issue's columns come first, in order");
        for (List<String> r : rows) {
            assertEquals(rows.getFirst().size(), r.size(), "row " + r);
        }
        return rows;
    }

    static String field(List<List<String>> csv, List<String> row, String column) {
        return row.get(csv.getFirst().indexOf(column));
    }

    static JsonNode json(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        for (String key : List.of("suite", "command", "started", "machine", "measurements", "comparisons", "findings")) {
            assertTrue(root.has(key), "JSON has " + key);
        }
        for (JsonNode m : root.get("measurements")) {
            var names = new ArrayList<String>();
            m.fieldNames().forEachRemaining(names::add);
            assertEquals(Columns.names(), names, "a measurement's keys are the CSV's columns");
        }
        return root;
    }

    /** Parses the file as XML and checks its root is an svg element with a size. */
    static void svg(Path file) throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document doc = factory.newDocumentBuilder().parse(file.toFile());
        assertEquals("svg", doc.getDocumentElement().getLocalName());
        assertTrue(doc.getElementsByTagNameNS("*", "path").getLength() + doc.getElementsByTagNameNS("*", "text").getLength() > 10,
                "the SVG draws something");
    }

    static BufferedImage png(Path file) throws IOException {
        byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(file), 8);
        assertEquals(List.of(0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A), toList(head), "PNG signature");
        BufferedImage image = ImageIO.read(file.toFile());
        assertTrue(image != null && image.getWidth() > 100 && image.getHeight() > 100, "a readable PNG");
        return image;
    }

    private static List<Integer> toList(byte[] b) {
        var l = new ArrayList<Integer>();
        for (byte x : b) {
            l.add(x & 0xFF);
        }
        return l;
    }
}
