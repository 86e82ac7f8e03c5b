package io.portico.plugins.tutorial;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The tutorial in {@code docs/plugins.md} shows this package's files in full; this keeps the page and
 * the code that compiles and runs identical.
 */
class TutorialPageTest {

    private static final Path PACKAGE = Path.of("src/test/java/io/portico/plugins/tutorial");
    private static final Path PAGE = Path.of("../docs/plugins.md");
    private static final Pattern SHOWN_FILE = Pattern.compile(
            "File \\[`([A-Za-z-]+\\.java)`]\\(\\.\\./portico-plugins/src/test/java/io/portico/plugins/tutorial/\\1\\):\n\n"
                    + "```java\n(.*?)```\n", Pattern.DOTALL);

    @Test
    void pageShowsEveryTutorialFileExactlyAsItIs() throws IOException {
        String page = Files.readString(PAGE, StandardCharsets.UTF_8);
        Map<String, String> shown = new TreeMap<>();
        Matcher matcher = SHOWN_FILE.matcher(page);
        while (matcher.find()) {
            shown.put(matcher.group(1), matcher.group(2));
        }

        TreeSet<String> files = new TreeSet<>();
        try (Stream<Path> listing = Files.list(PACKAGE)) {
            listing.map(path -> path.getFileName().toString())
                    .filter(name -> !name.equals(TutorialPageTest.class.getSimpleName() + ".java"))
                    .forEach(files::add);
        }
        assertThat(shown.keySet()).containsExactlyElementsOf(files);
        for (String file : files) {
            assertThat(shown.get(file)).as(file).isEqualTo(Files.readString(PACKAGE.resolve(file), StandardCharsets.UTF_8));
        }
    }
}
