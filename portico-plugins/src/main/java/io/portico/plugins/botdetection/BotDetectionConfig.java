package io.portico.plugins.botdetection;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code bot-detection} config.
 *
 * @param allow User-Agent patterns that always pass (checked first)
 * @param deny  User-Agent patterns refused in addition to the built-in list
 */
record BotDetectionConfig(List<Pattern> allow, List<Pattern> deny) {

    BotDetectionConfig {
        allow = List.copyOf(allow);
        deny = List.copyOf(deny);
    }
}
