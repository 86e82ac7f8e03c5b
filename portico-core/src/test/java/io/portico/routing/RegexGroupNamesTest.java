package io.portico.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RegexGroupNamesTest {

    @Test
    void listsNamedGroupsInOrder() {
        assertThat(RegexGroupNames.of(Pattern.compile("/(?<kind>[a-z]+)/(?<id2>\\d+)"))).containsExactly("kind", "id2");
    }

    @Test
    void ignoresLookbehindsEscapesQuotesAndCharacterClasses() {
        Pattern pattern = Pattern.compile("(?<=/)(?<!x)\\(?<a>[(?<b>)]\\Q(?<c>\\E(?<d>y)");
        assertThat(RegexGroupNames.of(pattern)).containsExactly("d");
    }

    @Test
    void findsNothingInPlainPatterns() {
        assertThat(RegexGroupNames.of(Pattern.compile("/u/\\d+$"))).isEmpty();
    }
}
