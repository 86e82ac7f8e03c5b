package io.portico.app;

import io.portico.chain.ChainReport;
import io.portico.plugin.Phase;
import java.util.List;
import java.util.Map;

/**
 * A {@link ChainReport} as {@code portico explain} prints it: one table of phases and plugins in running
 * order, then where the route leads.
 *
 * <pre>
 * route     users-v1
 * consumer  alice
 *
 *   phase             plugin          priority  scope   source
 *   rewrite           correlation-id    100001  global  plugins
 *   authenticate      key-auth            1250  route   routes[users-v1]
 *   access            -
 *   ...
 *
 * service   users (http://users-pool/api)
 * upstream  users-pool
 * targets   127.0.0.1:9001, 127.0.0.1:9002
 * </pre>
 */
final class ChainReportText {

    private ChainReportText() {}

    static String render(ChainReport report, String normalizedPath) {
        StringBuilder out = new StringBuilder(512);
        line(out, "route     " + report.route() + " (matched on path " + normalizedPath + ")");
        line(out, "consumer  " + (report.consumer() == null
                ? "none (the route's chain; see --consumer)"
                : report.consumer() + " (the consumer's plugins apply after authentication)"));
        line(out, "");
        phases(out, report.phases());
        line(out, "");
        if (report.target() instanceof ChainReport.Service service) {
            line(out, "service   " + service.name() + " (" + service.url() + ")");
            line(out, "upstream  " + (service.upstream() == null ? "none (the service URL names its host directly)"
                    : service.upstream()));
            line(out, "targets   " + String.join(", ", service.targets()));
        } else if (report.target() instanceof ChainReport.StaticResponse response) {
            line(out, "response  static response " + response.status() + " (no upstream)");
        } else if (report.target() instanceof ChainReport.Aggregate aggregate) {
            line(out, "aggregate " + aggregate.backends().size() + " backends in parallel, deadline "
                    + aggregate.timeoutMillis() + "ms");
            for (ChainReport.AggregateBackend backend : aggregate.backends()) {
                String into = backend.key() == null ? "(root)" : backend.key();
                line(out, "  " + backend.service() + " " + backend.path() + " -> " + into
                        + (backend.optional() ? " (optional)" : ""));
            }
        }
        return out.toString();
    }

    private static void phases(StringBuilder out, Map<Phase, List<ChainReport.Entry>> phases) {
        int phaseWidth = "phase".length();
        int pluginWidth = "plugin".length();
        int priorityWidth = "priority".length();
        int scopeWidth = "scope".length();
        for (Map.Entry<Phase, List<ChainReport.Entry>> phase : phases.entrySet()) {
            phaseWidth = Math.max(phaseWidth, phase.getKey().configName().length());
            for (ChainReport.Entry entry : phase.getValue()) {
                pluginWidth = Math.max(pluginWidth, entry.plugin().length());
                priorityWidth = Math.max(priorityWidth, Integer.toString(entry.priority()).length());
                scopeWidth = Math.max(scopeWidth, entry.scope().length());
            }
        }
        String row = "  %-" + phaseWidth + "s  %-" + pluginWidth + "s  %" + priorityWidth + "s  %-" + scopeWidth + "s  %s";
        line(out, String.format(row, "phase", "plugin", "priority", "scope", "source").stripTrailing());
        for (Map.Entry<Phase, List<ChainReport.Entry>> phase : phases.entrySet()) {
            String name = phase.getKey().configName();
            if (phase.getValue().isEmpty()) {
                line(out, String.format(row, name, "-", "", "", "").stripTrailing());
            }
            for (ChainReport.Entry entry : phase.getValue()) {
                line(out, String.format(row, name, entry.plugin(), entry.priority(), entry.scope(), entry.source()));
                name = "";
            }
        }
    }

    private static void line(StringBuilder out, String text) {
        out.append(text).append(System.lineSeparator());
    }
}
