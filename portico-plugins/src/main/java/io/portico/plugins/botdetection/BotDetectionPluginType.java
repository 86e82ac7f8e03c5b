package io.portico.plugins.botdetection;

import io.portico.plugin.ConfigReader;
import io.portico.plugin.Phase;
import io.portico.plugin.Plugin;
import io.portico.plugin.PluginContext;
import io.portico.plugin.PluginType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** {@code bot-detection}: Kong's {@code allow} and {@code deny} lists of User-Agent regexes. */
public final class BotDetectionPluginType implements PluginType<BotDetectionConfig> {

    public BotDetectionPluginType() {}

    @Override
    public String name() {
        return "bot-detection";
    }

    @Override
    public Set<Phase> phases() {
        return Set.of(Phase.REWRITE);
    }

    @Override
    public int priority() {
        return 2500;
    }

    @Override
    public BotDetectionConfig readConfig(ConfigReader config) {
        List<Pattern> allow = patterns(config, "allow");
        List<Pattern> deny = patterns(config, "deny");
        return new BotDetectionConfig(allow, deny);
    }

    /** Compiles each regex now, so that a bad one is a config error rather than a failing request. */
    private static List<Pattern> patterns(ConfigReader config, String key) {
        List<String> written = config.strings(key, List.of());
        List<Pattern> out = new ArrayList<>(written.size());
        for (int i = 0; i < written.size(); i++) {
            String regex = written.get(i);
            if (regex.isEmpty()) {
                config.expectedItem(key, i, "a regex that does not match every User-Agent");
                continue;
            }
            try {
                out.add(Pattern.compile(regex));
            } catch (PatternSyntaxException e) {
                config.expectedItem(key, i, "a regex; " + e.getDescription() + " at index " + e.getIndex());
            }
        }
        return out;
    }

    @Override
    public Plugin create(BotDetectionConfig config, PluginContext context) {
        return new BotDetectionPlugin(config);
    }
}
