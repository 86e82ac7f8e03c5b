package io.portico.plugins.quota;

import java.util.List;

/**
 * @param allowances one per configured period, day before month; never empty once read without problems
 */
record QuotaConfig(List<Allowance> allowances, boolean hideClientHeaders) {

    QuotaConfig {
        allowances = List.copyOf(allowances);
    }
}
