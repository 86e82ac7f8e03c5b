package io.portico.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The named groups of a pattern, in order of appearance. Java 17 has no {@code namedGroups()},
 * so the source is scanned for {@code (?<name>} outside escapes, quotes and character classes,
 * and every candidate is confirmed by compiling a back-reference to it.
 */
final class RegexGroupNames {

    private RegexGroupNames() {
    }

    static List<String> of(Pattern pattern) {
        String regex = pattern.pattern();
        List<String> names = new ArrayList<>();
        int classDepth = 0;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                if (i + 1 < regex.length() && regex.charAt(i + 1) == 'Q') {
                    int end = regex.indexOf("\\E", i + 2);
                    i = end < 0 ? regex.length() : end + 1;
                } else {
                    i++;
                }
            } else if (c == '[') {
                classDepth++;
            } else if (c == ']' && classDepth > 0) {
                classDepth--;
            } else if (classDepth == 0 && regex.startsWith("(?<", i)) {
                int start = i + 3;
                int end = start;
                while (end < regex.length() && Character.isLetterOrDigit(regex.charAt(end))) {
                    end++;
                }
                if (end > start && end < regex.length() && regex.charAt(end) == '>') {
                    String name = regex.substring(start, end);
                    if (!names.contains(name) && isGroup(regex, name)) {
                        names.add(name);
                    }
                }
            }
        }
        return List.copyOf(names);
    }

    private static boolean isGroup(String regex, String name) {
        try {
            Pattern.compile("(?:" + regex + ")|\\k<" + name + ">");
            return true;
        } catch (PatternSyntaxException e) {
            return false;
        }
    }
}
