package dev.quiver.cli.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** INPUT arguments to files: directories, patterns expanded by Quiver, in a deterministic order. */
class InputsTest {
    @TempDir
    Path dir;

    @BeforeEach
    void tree() throws IOException {
        for (String f : List.of("b.png", "a.jpg", "c.PNG", "notes.txt", ".hidden.png", "sub/d.png", "sub/deep/e.png", "sub/f.gif",
                ".git/g.png", "out/old.png")) {
            Path p = dir.resolve(f);
            Files.createDirectories(p.getParent());
            Files.writeString(p, f);
        }
    }

    private Inputs.Expansion expand(boolean recursive, Path skip, String... arguments) {
        return Inputs.expand(List.of(arguments).stream().map(a -> a.replace("@", dir + "/")).toList(), recursive, skip);
    }

    private static List<String> relative(Inputs.Expansion e) {
        return e.sources().stream().map(s -> s.relative().toString()).toList();
    }

    @Test
    void directoryGivesItsImageFilesInNameOrder() {
        var e = expand(false, null, "@");
        assertEquals(List.of("a.jpg", "b.png", "c.PNG"), relative(e));
        assertEquals(dir.resolve("a.jpg"), e.sources().getFirst().file());
        assertTrue(e.failures().isEmpty());
    }

    @Test
    void recursiveDirectorySkipsHiddenOnesAndTheOutputDirectory() {
        var e = expand(true, dir.resolve("out"), "@");
        assertEquals(List.of("a.jpg", "b.png", "c.PNG", "sub/d.png", "sub/deep/e.png", "sub/f.gif"), relative(e));
    }

    @Test
    void patternWithinOneDirectory() {
        assertEquals(List.of("b.png", "c.PNG"), relative(expand(false, null, "@*.{png,PNG}")));
        assertEquals(List.of("a.jpg"), relative(expand(false, null, "@?.jpg")));
        assertEquals(List.of("a.jpg", "b.png"), relative(expand(false, null, "@[ab].*")));
        assertEquals(List.of("c.PNG"), relative(expand(false, null, "@[!ab].*")));
    }

    @Test
    void doubleStarMatchesAnyDepthIncludingNone() {
        assertEquals(List.of("b.png", "out/old.png", "sub/d.png", "sub/deep/e.png"), relative(expand(false, null, "@**/*.png")));
        assertEquals(List.of("d.png", "deep/e.png"), relative(expand(false, null, "@sub/**/*.png")));
        assertEquals(dir.resolve("sub/deep/e.png"), expand(false, null, "@sub/**/*.png").sources().get(1).file());
    }

    @Test
    void patternSkipsTheOutputDirectory() {
        assertEquals(List.of("b.png", "sub/d.png", "sub/deep/e.png"), relative(expand(false, dir.resolve("out"), "@**/*.png")));
    }

    @Test
    void patternThatMatchesNothingIsMissing() {
        var e = expand(false, null, "@*.webp");
        assertTrue(e.sources().isEmpty());
        assertEquals(Problem.MISSING, e.failures().getFirst().problem());
        assertEquals(dir + "/*.webp: no file matches this pattern", e.failures().getFirst().describe());
    }

    @Test
    void patternUnderAMissingDirectory() {
        var e = expand(false, null, "@nope/*.png");
        assertEquals(dir + "/nope/*.png: no file matches this pattern (" + dir + "/nope is not a directory)", e.failures().getFirst().describe());
    }

    @Test
    void directoryWithoutImagesIsMissing() throws IOException {
        Files.createDirectories(dir.resolve("empty/inner"));
        Files.writeString(dir.resolve("empty/inner/x.png"), "x");
        var e = expand(false, null, "@empty");
        assertEquals(Problem.MISSING, e.failures().getFirst().problem());
        assertTrue(e.failures().getFirst().reason().contains("(--recursive also looks in the directories below it)"));
        assertEquals(List.of("inner/x.png"), relative(expand(true, null, "@empty")));
    }

    @Test
    void fileIsTakenWhateverItsNameAndAMissingOneIsKeptForReadingToReport() {
        var e = expand(false, null, "@notes.txt", "@gone.png", "@b.png");
        assertEquals(List.of("notes.txt", "gone.png", "b.png"), relative(e));
        assertTrue(e.failures().isEmpty());
    }

    @Test
    void argumentsKeepTheirOrderAndAFileFoundTwiceIsTakenOnce() {
        var e = expand(false, null, "@sub/d.png", "@*.png", "@sub/../b.png", "@sub");
        assertEquals(List.of("d.png", "b.png", "f.gif"), relative(e));
    }

    @Test
    void fileWithWildcardCharactersInItsNameIsAFile() throws IOException {
        Files.writeString(dir.resolve("photo[1].png"), "x");
        assertEquals(List.of("photo[1].png"), relative(expand(false, null, "@photo[1].png")));
    }

    @Test
    void globTranslation() {
        assertTrue(Glob.of("a/**/*.png").matches("x.png"));
        assertTrue(Glob.of("a/**/*.png").matches("x/y/z.png"));
        assertTrue(!Glob.of("a/*.png").matches("x/z.png"));
        assertEquals(Path.of("a/b"), Glob.of("a/b/*.png").base());
        assertEquals(Path.of("."), Glob.of("*.png").base());
        assertEquals(Path.of("/"), Glob.of("/*.png").base());
        assertEquals(Path.of("/data/x"), Glob.of("/data/x/**").base());
        assertTrue(Glob.of("*.{jpg,jpeg}").matches("a.jpeg"));
        assertTrue(!Glob.of("*.png").matches("a.png.txt"));
        assertTrue(Glob.of("a+b(1).png").matches("a+b(1).png"));
    }
}
