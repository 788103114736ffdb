package dev.quiver.kernel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads kernel text (see {@link Kernel#parse(String)}) by recursive descent with one token of lookahead.
 * Binary operators are parsed in loops, so long sums do not deepen the recursion; parentheses and calls
 * may nest {@value #MAX_DEPTH} deep.
 *
 * <pre>
 * text      := statement ((';' | newline) statement)*
 * statement := [name '='] expr
 * expr      := and ('||' and)*
 * and       := compare ('&amp;&amp;' compare)*
 * compare   := sum [('&lt;' | '&lt;=' | '&gt;' | '&gt;=' | '==' | '!=') sum]
 * sum       := product (('+' | '-') product)*
 * product   := unary (('*' | '/') unary)*
 * unary     := ('-' | '+' | '!') unary | power
 * power     := primary [('^' | '**') unary]
 * primary   := number | name | name '(' [expr (',' expr)*] ')' | '(' expr ')'
 * </pre>
 */
final class Parser {
    static final int MAX_DEPTH = 100;
    private static final Set<String> CHANNELS = Set.of("r", "g", "b", "a");

    private enum Kind { NUMBER, NAME, SYMBOL, END_OF_STATEMENT, END }

    private record Token(Kind kind, String text, int offset) {
        boolean is(String symbol) {
            return (kind == Kind.SYMBOL || kind == Kind.NAME) && text.equals(symbol);
        }

        String describe() {
            return switch (kind) {
                case END -> "the end of the text";
                case END_OF_STATEMENT -> text.equals(";") ? "';'" : "the end of the line";
                default -> "'" + text + "'";
            };
        }
    }

    /** A reduction call met while parsing, checked once its statement is complete. */
    private record PendingReduction(Reduction reduction, Expr term, int offset) {
    }

    private final String text;
    private final boolean pixels;
    private final List<Token> tokens;
    private int next;
    private int depth;

    private final Map<String, Expr> variables = new HashMap<>();
    private final LinkedHashMap<String, Expr.Input> inputs = new LinkedHashMap<>();
    private PendingReduction pending;

    Parser(String text, boolean pixels) {
        if (text == null) {
            throw new IllegalArgumentException("kernel text is null");
        }
        this.text = text;
        this.pixels = pixels;
        this.tokens = tokenize(text);
    }

    Kernel kernel(String name) {
        Expr pixel = new Expr.Input("p", Type.PIXEL);
        if (pixels) {
            Pixel channels = Pixel.of(pixel);
            variables.put("r", channels.r());
            variables.put("g", channels.g());
            variables.put("b", channels.b());
            variables.put("a", channels.a());
        }
        Expr last = null;
        PendingReduction reduction = null;
        boolean assignedChannel = false;
        while (peek().kind != Kind.END) {
            if (peek().kind == Kind.END_OF_STATEMENT) {
                next++;
                continue;
            }
            if (reduction != null) {
                throw error(peek(), "a reduction (" + reduction.reduction.word() + ") must be the last statement");
            }
            Token start = peek();
            String target = null;
            if (start.kind == Kind.NAME && tokens.get(next + 1).is("=")) {
                target = start.text;
                next += 2;
            }
            Token exprStart = peek();
            pending = null;
            last = expression();
            if (pending != null) {
                if (pending.term != last) {
                    throw error(pending.offset, pending.reduction.word() + "(...) must be the whole of the last statement, not part of an expression");
                }
                if (pixels) {
                    throw error(pending.offset, "pixel kernels cannot reduce");
                }
                reduction = pending;
            }
            Token end = peek();
            if (end.kind != Kind.END_OF_STATEMENT && end.kind != Kind.END) {
                throw error(end, "expected an operator, ';' or the end of the line, but found " + end.describe());
            }
            if (target != null) {
                variables.put(target, last);
                assignedChannel |= pixels && CHANNELS.contains(target);
            } else if (pixels) {
                throw error(exprStart, "each statement of a pixel kernel assigns a name, such as r = 255 - r");
            }
        }
        if (last == null) {
            throw error(peek(), "the kernel text is empty: expected a statement such as y = x * x");
        }
        if (pixels) {
            if (!assignedChannel) {
                throw error(0, "a pixel kernel must assign at least one of r, g, b, a");
            }
            Pixel out = new Pixel(variables.get("r"), variables.get("g"), variables.get("b"), variables.get("a"));
            return Kernel.build(name, List.of("p"), Type.PIXEL, in -> out.pack(), null);
        }
        Expr result = last;
        if (result.type() != Type.FLOAT) {
            throw error(0, "the last statement is a comparison; a kernel's result must be a number: use select(c, 1, 0)");
        }
        var names = new ArrayList<>(inputs.keySet());
        return Kernel.build(name, names, Type.FLOAT, in -> result, reduction == null ? null : reduction.reduction);
    }

    private Expr expression() {
        Expr left = and();
        while (peek().is("||")) {
            Token op = take();
            left = apply(op, Op.OR, left, and());
        }
        return left;
    }

    private Expr and() {
        Expr left = comparison();
        while (peek().is("&&")) {
            Token op = take();
            left = apply(op, Op.AND, left, comparison());
        }
        return left;
    }

    private Expr comparison() {
        Expr left = sum();
        Op op = comparisonOp(peek());
        if (op == null) {
            return left;
        }
        Token at = take();
        Expr result = apply(at, op, left, sum());
        if (comparisonOp(peek()) != null) {
            throw error(peek(), "comparisons do not chain: write (a < b) && (b < c)");
        }
        return result;
    }

    private static Op comparisonOp(Token t) {
        if (t.kind != Kind.SYMBOL) {
            return null;
        }
        return switch (t.text) {
            case "<" -> Op.LT;
            case "<=" -> Op.LE;
            case ">" -> Op.GT;
            case ">=" -> Op.GE;
            case "==" -> Op.EQ;
            case "!=" -> Op.NE;
            default -> null;
        };
    }

    private Expr sum() {
        Expr left = product();
        while (peek().is("+") || peek().is("-")) {
            Token op = take();
            left = apply(op, op.text.equals("+") ? Op.ADD : Op.SUB, left, product());
        }
        return left;
    }

    private Expr product() {
        Expr left = unary();
        while (peek().is("*") || peek().is("/")) {
            Token op = take();
            left = apply(op, op.text.equals("*") ? Op.MUL : Op.DIV, left, unary());
        }
        return left;
    }

    private Expr unary() {
        Token t = peek();
        if (t.is("-") || t.is("+") || t.is("!")) {
            take();
            enter(t);
            Expr operand = unary();
            depth--;
            if (t.is("+")) {
                return operand;
            }
            if (t.is("-") && operand instanceof Expr.Const c) {
                return new Expr.Const(-c.value());
            }
            return apply(t, t.is("-") ? Op.NEG : Op.NOT, operand);
        }
        return power();
    }

    private Expr power() {
        Expr base = primary();
        if (peek().is("^") || peek().is("**")) {
            Token op = take();
            enter(op);
            Expr exponent = unary();
            depth--;
            return apply(op, Op.POW, base, exponent);
        }
        return base;
    }

    private Expr primary() {
        Token t = take();
        switch (t.kind) {
            case NUMBER -> {
                return number(t);
            }
            case NAME -> {
                if (peek().is("(")) {
                    return call(t);
                }
                return variable(t);
            }
            case SYMBOL -> {
                if (t.is("(")) {
                    enter(t);
                    Expr inner = expression();
                    expect(")", "to close the '(' at column " + (t.offset + 1));
                    depth--;
                    return inner;
                }
            }
            default -> {
            }
        }
        throw error(t, "expected a number, a name or '(', but found " + t.describe());
    }

    private Expr number(Token t) {
        float v;
        try {
            v = Float.parseFloat(t.text);
        } catch (NumberFormatException e) {
            throw error(t, "'" + t.text + "' is not a number");
        }
        if (Float.isInfinite(v)) {
            throw error(t, "the number " + t.text + " is too large for float32 (the largest is about 3.4e38)");
        }
        return new Expr.Const(v);
    }

    private Expr variable(Token t) {
        Expr known = variables.get(t.text);
        if (known != null) {
            return known;
        }
        if (pixels) {
            return new Expr.Param(t.text);
        }
        return inputs.computeIfAbsent(t.text, n -> new Expr.Input(n, Type.FLOAT));
    }

    private Expr call(Token name) {
        take(); // (
        enter(name);
        var args = new ArrayList<Expr>();
        if (!peek().is(")")) {
            args.add(expression());
            while (peek().is(",")) {
                take();
                args.add(expression());
            }
        }
        expect(")", "to close the call of " + name.text);
        depth--;
        String f = name.text;
        if (args.size() == 1 && (f.equals("sum") || f.equals("min") || f.equals("max"))) {
            Reduction r = Reduction.valueOf(f.toUpperCase(java.util.Locale.ROOT));
            if (pending != null) {
                throw error(name, "only one reduction per kernel");
            }
            Expr term = args.getFirst();
            if (term.type() != Type.FLOAT) {
                throw error(name, f + " needs a number to reduce, not a comparison");
            }
            pending = new PendingReduction(r, term, name.offset);
            return term;
        }
        if (f.equals("clamp")) {
            arity(name, args, 3);
            Expr clamped = apply(name, Op.MAX, args.get(0), args.get(1));
            return apply(name, Op.MIN, clamped, args.get(2));
        }
        Op op = Op.function(f).orElseThrow(() -> error(name, "unknown function '" + f + "'" + suggestion(f)
                + "; the functions are " + String.join(", ", functionNames())));
        arity(name, args, op.arity());
        return apply(name, op, args.toArray(Expr[]::new));
    }

    private static List<String> functionNames() {
        var names = new ArrayList<>(Op.functionNames());
        names.add("clamp");
        names.addAll(List.of("sum", "min", "max"));
        return names.stream().distinct().sorted().toList();
    }

    private void arity(Token name, List<Expr> args, int want) {
        if (args.size() != want) {
            throw error(name, name.text + " takes " + want + (want == 1 ? " argument" : " arguments") + ", got " + args.size());
        }
    }

    private static String suggestion(String f) {
        return functionNames().stream()
                .min(Comparator.comparingInt(n -> distance(n, f)))
                .filter(n -> distance(n, f) <= 2)
                .map(n -> " (did you mean '" + n + "'?)")
                .orElse("");
    }

    /** Levenshtein distance, for suggestions. */
    private static int distance(String a, String b) {
        int[] row = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            row[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int up = row[j];
                row[j] = Math.min(Math.min(row[j] + 1, row[j - 1] + 1), diagonal + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
                diagonal = up;
            }
        }
        return row[b.length()];
    }

    private Expr apply(Token at, Op op, Expr... args) {
        try {
            return Expr.apply(op, args);
        } catch (IllegalArgumentException e) {
            throw error(at, e.getMessage());
        }
    }

    private void enter(Token at) {
        if (++depth > MAX_DEPTH) {
            throw error(at, "the expression nests deeper than " + MAX_DEPTH + " levels");
        }
    }

    private void expect(String symbol, String why) {
        Token t = peek();
        if (!t.is(symbol)) {
            throw error(t, "expected '" + symbol + "' " + why + ", but found " + t.describe());
        }
        take();
    }

    private Token peek() {
        return tokens.get(next);
    }

    private Token take() {
        Token t = tokens.get(next);
        if (t.kind != Kind.END) {
            next++;
        }
        return t;
    }

    private KernelSyntaxException error(Token t, String problem) {
        return error(t.offset, problem);
    }

    private KernelSyntaxException error(int offset, String problem) {
        return new KernelSyntaxException(text, offset, problem);
    }

    private List<Token> tokenize(String s) {
        var out = new ArrayList<Token>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\n' || c == ';') {
                out.add(new Token(Kind.END_OF_STATEMENT, String.valueOf(c), i));
                i++;
            } else if (c == '#') {
                while (i < s.length() && s.charAt(i) != '\n') {
                    i++;
                }
            } else if (Character.isWhitespace(c)) {
                i++;
            } else if (Character.isDigit(c) || c == '.' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1))) {
                int start = i;
                while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                    i++;
                }
                if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
                    int mark = i++;
                    if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                        i++;
                    }
                    if (i < s.length() && Character.isDigit(s.charAt(i))) {
                        while (i < s.length() && Character.isDigit(s.charAt(i))) {
                            i++;
                        }
                    } else {
                        i = mark;
                    }
                }
                out.add(new Token(Kind.NUMBER, s.substring(start, i), start));
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                    i++;
                }
                out.add(new Token(Kind.NAME, s.substring(start, i), start));
            } else {
                String two = i + 1 < s.length() ? s.substring(i, i + 2) : "";
                if (List.of("**", "<=", ">=", "==", "!=", "&&", "||").contains(two)) {
                    out.add(new Token(Kind.SYMBOL, two, i));
                    i += 2;
                } else if ("+-*/^()<>=!,".indexOf(c) >= 0) {
                    out.add(new Token(Kind.SYMBOL, String.valueOf(c), i));
                    i++;
                } else {
                    throw new KernelSyntaxException(s, i, "unexpected character '" + c + "'");
                }
            }
        }
        out.add(new Token(Kind.END, "", s.length()));
        return out;
    }
}
