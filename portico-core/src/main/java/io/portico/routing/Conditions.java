package io.portico.routing;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A route's method and header conditions, shared by all of its index entries. */
final class Conditions {

    /** {@link MethodMask} of the standard methods; checked first, without touching strings. */
    private final int methodMask;
    /** Whether some method is non-standard and must be compared by name. */
    private final boolean otherMethods;
    private final String[] methods;
    private final String[] headerNames;
    private final String[][] headerValues;

    private Conditions(int methodMask, String[] methods, String[] headerNames, String[][] headerValues) {
        this.methodMask = methodMask;
        this.methods = methods;
        boolean other = false;
        for (String method : methods) {
            other |= MethodMask.bit(method) == MethodMask.OTHER;
        }
        this.otherMethods = other;
        this.headerNames = headerNames;
        this.headerValues = headerValues;
    }

    static Conditions of(List<String> methods, Map<String, List<String>> headers) {
        String[] names = new String[headers.size()];
        String[][] values = new String[headers.size()][];
        int i = 0;
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            names[i] = header.getKey();
            values[i] = header.getValue() == null ? new String[0] : header.getValue().toArray(new String[0]);
            i++;
        }
        return new Conditions(MethodMask.of(methods), methods.toArray(new String[0]), names, values);
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
     * Every listed header must be present with one of its listed values (exact, case-sensitive);
     * an empty value list only requires the header to be present.
     */
    boolean acceptsHeaders(HttpHeaders headers) {
        for (int i = 0; i < headerNames.length; i++) {
            if (!hasHeader(headers, headerNames[i], headerValues[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasHeader(HttpHeaders headers, String name, String[] values) {
        if (values.length == 0) {
            return headers.contains(name);
        }
        for (String value : values) {
            if (value != null && headers.contains(name, value, false)) {
                return true;
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
