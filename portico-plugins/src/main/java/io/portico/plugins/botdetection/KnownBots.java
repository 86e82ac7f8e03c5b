package io.portico.plugins.botdetection;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The built-in deny list: vulnerability scanners, fuzzers and attack tools that announce themselves
 * in their default {@code User-Agent}. Unlike Kong's list (taken from ua-parser), it leaves search
 * engine crawlers and HTTP libraries alone: blocking those is a policy choice, made with {@code deny}.
 * Documented in {@code docs/plugins/bot-detection.md}; keep the two in step.
 */
final class KnownBots {

    /** Case-insensitive; each is searched for anywhere in the header. */
    static final List<String> PATTERNS = List.of(
            "\\bsqlmap\\b",
            "\\bsqlninja\\b",
            "\\bhavij\\b",
            "\\bcommix\\b",
            "\\bnikto\\b",
            "\\bnmap scripting engine\\b",
            "\\bmasscan\\b",
            "\\bzgrab\\b",
            "\\bzmeu\\b",
            "\\bjorgee\\b",
            "\\bnuclei\\b",
            "\\bwpscan\\b",
            "\\bdirbuster\\b",
            "\\bgobuster\\b",
            "\\bwfuzz\\b",
            "\\bfuzz faster u fool\\b",
            "\\bacunetix\\b",
            "\\bnetsparker\\b",
            "\\bnessus\\b",
            "\\bopenvas\\b",
            "\\bw3af\\b",
            "\\barachni\\b",
            "\\bskipfish\\b",
            "\\bwhatweb\\b",
            "\\bmorfeus fucking scanner\\b",
            "\\(hydra\\)");

    /** Every pattern in one, so that a request costs one scan. */
    static final Pattern ANY = Pattern.compile(String.join("|", PATTERNS), Pattern.CASE_INSENSITIVE);

    private KnownBots() {}
}
