package io.portico.routing;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** A route's method and header conditions, shared by all of its index entries. */
final class Conditions {

    /** {@link MethodMask} of the standard methods; checked first, without touching strings. */
    private final int methodMask;
    /** Whether some method is non-standard and must be compared by name. */
    private final boolean otherMethods;
    private final String[] methods;
    private final String[] headerNames;
    /** Exact values per header; empty with no patterns = presence only. */
    private final String[][] headerValues;
    /** {@code ~regex} values per header, searched for in each occurrence of the header. */
    private final Pattern[][] headerPatterns;

    private Conditions(int methodMask, String[] methods, String[] headerNames, String[][] headerValues,
            Pattern[][] headerPatterns) {
        this.methodMask = methodMask;
        this.methods = methods;
        boolean other = false;
        for (String method : methods) {
            other |= MethodMask.bit(method) == MethodMask.OTHER;
        }
        this.otherMethods = other;
        this.headerNames = headerNames;
        this.headerValues = headerValues;
        this.headerPatterns = headerPatterns;
    }

    static Conditions of(List<String> methods, Map<String, List<String>> headers) {
        String[] names = new String[headers.size()];
        String[][] values = new String[headers.size()][];
        Pattern[][] patterns = new Pattern[headers.size()][];
        int i = 0;
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            names[i] = header.getKey();
            List<String> exact = new ArrayList<>();
            List<Pattern> regexes = new ArrayList<>();
            for (String value : header.getValue() == null ? List.<String>of() : header.getValue()) {
                if (value != null && value.startsWith("~")) {
                    regexes.add(Pattern.compile(value.substring(1)));
                } else {
                    exact.add(value);
                }
            }
            values[i] = exact.toArray(new String[0]);
            patterns[i] = regexes.toArray(new Pattern[0]);
            i++;
        }
        return new Conditions(MethodMask.of(methods), methods.toArray(new String[0]), names, values, patterns);
    }

    /** Whether the request passes method and headers; {@code methodBit} is {@code MethodMask.bit(method)}. */
    boolean accepts(String method, int methodBit, HttpHeaders headers) {
        return ((methodMask & methodBit) != 0 || otherMethods && acceptsOtherMethod(method))
                && (headerNames.length == 0 || acceptsHeaders(headers));
    }

    int methodMask() {
        return methodMask;
    }

    /** Only standard methods and no headers: the method mask alone decides. */
    boolean maskDecides() {
        return !otherMethods && headerNames.length == 0;
    }

    /** Methods are compared exactly (case-sensitive). */
    private boolean acceptsOtherMethod(String method) {
        for (String m : methods) {
            if (m.equals(method)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Every listed header must be present with one of its listed values (exact, case-sensitive, or a
     * {@code ~regex} found in the value); an empty value list only requires the header to be present.
     */
    boolean acceptsHeaders(HttpHeaders headers) {
        for (int i = 0; i < headerNames.length; i++) {
            if (!hasHeader(headers, headerNames[i], headerValues[i], headerPatterns[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasHeader(HttpHeaders headers, String name, String[] values, Pattern[] patterns) {
        if (values.length == 0 && patterns.length == 0) {
            return headers.contains(name);
        }
        for (String value : values) {
            if (value != null && headers.contains(name, value, false)) {
                return true;
            }
        }
        if (patterns.length > 0) {
            for (Iterator<String> it = headers.valueStringIterator(name); it.hasNext(); ) {
                String occurrence = it.next();
                for (Pattern pattern : patterns) {
                    if (pattern.matcher(occurrence).find()) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    void addMethodsTo(Set<String> allowed) {
        for (String m : methods) {
            allowed.add(m);
        }
    }
}
