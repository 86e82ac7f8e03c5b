package io.portico.config;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Binds an {@code on:} list such as {@code [connect-failure, timeout, reset, 5xx, 502]}. */
final class FailureConditionsBinder {

    static final String RULE = "connect-failure, timeout, reset, 5xx or a status 400..599";
    static final String RULE_WITH_BAD_RESPONSE = "connect-failure, timeout, reset, bad-response, 5xx or a status 400..599";

    private FailureConditionsBinder() {}

    static FailureConditions bind(Section section, String key, FailureConditions defaultValue) {
        return bind(section, key, defaultValue, false);
    }

    /** @param badResponseAllowed whether {@code bad-response} may be listed (circuit breakers) */
    static FailureConditions bind(Section section, String key, FailureConditions defaultValue, boolean badResponseAllowed) {
        String rule = badResponseAllowed ? RULE_WITH_BAD_RESPONSE : RULE;
        YamlNode node = section.node(key);
        if (node == null) {
            return defaultValue;
        }
        Binder binder = section.binder();
        List<YamlNode> items = binder.list(node, section.path(key), rule);
        if (items == null) {
            return defaultValue;
        }
        if (items.isEmpty()) {
            binder.expected(section.path(key), node, "at least one of " + rule);
            return defaultValue;
        }
        boolean connectFailure = false;
        boolean timeout = false;
        boolean reset = false;
        boolean any5xx = false;
        boolean badResponse = false;
        Set<Integer> statuses = new LinkedHashSet<>();
        for (int i = 0; i < items.size(); i++) {
            String path = section.path(key) + "[" + i + "]";
            YamlNode item = items.get(i);
            String text = binder.text(item, path, rule);
            if (text == null) {
                continue;
            }
            switch (text) {
                case "connect-failure" -> connectFailure = true;
                case "timeout" -> timeout = true;
                case "reset" -> reset = true;
                case "5xx" -> any5xx = true;
                case "bad-response" -> {
                    if (badResponseAllowed) {
                        badResponse = true;
                    } else {
                        binder.error(path, item, Render.node(item) + " (expected: " + rule + ")");
                    }
                }
                default -> {
                    Integer status = status(text);
                    if (status == null) {
                        binder.error(path, item, Render.node(item) + " (expected: " + rule + ")");
                    } else {
                        statuses.add(status);
                    }
                }
            }
        }
        return new FailureConditions(connectFailure, timeout, reset, any5xx, statuses, badResponse);
    }

    private static Integer status(String text) {
        if (text.length() != 3) {
            return null;
        }
        for (int i = 0; i < 3; i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return null;
            }
        }
        int status = Integer.parseInt(text);
        return status >= 400 && status <= 599 ? status : null;
    }
}
