package io.portico.plugins.botdetection;

import io.portico.plugin.Action;
import io.portico.plugin.HttpExchange;
import io.portico.plugin.Plugin;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Judges the {@code User-Agent}: an allow pattern lets it through, a deny pattern or a built-in one
 * refuses it, anything else (a missing header included) passes. Only the first {@link
 * #EXAMINED_LENGTH} characters are examined, which bounds the cost of any pattern on hostile input.
 * Runs on the event loop; reads only immutable state.
 */
final class BotDetectionPlugin implements Plugin {

    static final int EXAMINED_LENGTH = 512;

    private static final Action.Respond DENIED = Action.forbidden("bots are not allowed");
    private static final Action.Respond SEVERAL_AGENTS =
            Action.error(400, "bad_request", "only one User-Agent header is allowed");

    private final Pattern[] allow;
    private final Pattern[] deny;

    BotDetectionPlugin(BotDetectionConfig config) {
        this.allow = config.allow().toArray(new Pattern[0]);
        this.deny = config.deny().toArray(new Pattern[0]);
    }

    @Override
    public Action rewrite(HttpExchange exchange) {
        List<String> agents = exchange.requestHeaders().getAll("User-Agent");
        if (agents.isEmpty()) {
            return Action.proceed();
        }
        if (agents.size() > 1) {
            return SEVERAL_AGENTS; // two agents would let a client pick the one each check reads
        }
        return isBot(agents.get(0)) ? DENIED : Action.proceed();
    }

    boolean isBot(String agent) {
        CharSequence examined = agent.length() > EXAMINED_LENGTH ? agent.subSequence(0, EXAMINED_LENGTH) : agent;
        if (matchesAny(allow, examined)) {
            return false;
        }
        return matchesAny(deny, examined) || KnownBots.ANY.matcher(examined).find();
    }

    private static boolean matchesAny(Pattern[] patterns, CharSequence agent) {
        for (Pattern pattern : patterns) {
            if (pattern.matcher(agent).find()) {
                return true;
            }
        }
        return false;
    }
}
