package io.portico.config;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Binds an {@code on:} list such as {@code [connect-failure, timeout, reset, 5xx, 502]}. */
final class FailureConditionsBinder {

    static final String RULE = "connect-failure, timeout, reset, 5xx or a status 400..599";

    private FailureConditionsBinder() {}

    static FailureConditions bind(Section section, String key, FailureConditions defaultValue) {
        YamlNode node = section.node(key);
        if (node == null) {
            return defaultValue;
        }
        Binder binder = section.binder();
        List<YamlNode> items = binder.list(node, section.path(key), RULE);
        if (items == null) {
            return defaultValue;
        }
        if (items.isEmpty()) {
            binder.expected(section.path(key), node, "at least one of " + RULE);
            return defaultValue;
        }
        boolean connectFailure = false;
        boolean timeout = false;
        boolean reset = false;
        boolean any5xx = false;
        Set<Integer> statuses = new LinkedHashSet<>();
        for (int i = 0; i < items.size(); i++) {
            String path = section.path(key) + "[" + i + "]";
            YamlNode item = items.get(i);
            String text = binder.text(item, path, RULE);
            if (text == null) {
                continue;
            }
            switch (text) {
                case "connect-failure" -> connectFailure = true;
                case "timeout" -> timeout = true;
                case "reset" -> reset = true;
                case "5xx" -> any5xx = true;
                default -> {
                    Integer status = status(text);
                    if (status == null) {
                        binder.error(path, item, Render.node(item) + " (expected: " + RULE + ")");
                    } else {
                        statuses.add(status);
                    }
                }
            }
        }
        return new FailureConditions(connectFailure, timeout, reset, any5xx, statuses);
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
