package dev.quiver.kernel;

/**
 * Kernel text that does not parse: says where (line and column, both from 1) and what was expected.
 * The message shows the line with a caret under the column.
 */
public final class KernelSyntaxException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;
    private final String problem;

    KernelSyntaxException(String text, int offset, String problem) {
        this(text, offset, problem, text.lastIndexOf('\n', offset - 1) + 1);
    }

    private KernelSyntaxException(String text, int offset, String problem, int lineStart) {
        super(format(text, offset, problem, lineStart));
        this.line = lineNumber(text, lineStart);
        this.column = offset - lineStart + 1;
        this.problem = problem;
    }

    /** The line of the problem, from 1. */
    public int line() {
        return line;
    }

    /** The column of the problem within its line, from 1. */
    public int column() {
        return column;
    }

    /** What is wrong, without the position. */
    public String problem() {
        return problem;
    }

    private static int lineNumber(String text, int lineStart) {
        return (int) text.substring(0, lineStart).chars().filter(c -> c == '\n').count() + 1;
    }

    private static String format(String text, int offset, String problem, int lineStart) {
        int lineEnd = text.indexOf('\n', offset);
        String shown = text.substring(lineStart, lineEnd < 0 ? text.length() : lineEnd);
        int column = offset - lineStart + 1;
        String where = text.indexOf('\n') >= 0 ? "line " + lineNumber(text, lineStart) + ", column " + column : "column " + column;
        return where + ": " + problem + "\n  " + shown + "\n  " + " ".repeat(offset - lineStart) + "^";
    }
}
