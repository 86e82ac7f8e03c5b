package io.portico.proxy;

import io.portico.config.AggregateSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An aggregate route compiled for the data path: each backend with its service and parsed path.
 *
 * @param timeoutNanos the deadline for all backends, from when the calls start
 * @param maxBodyBytes the bound on each backend's body
 */
record AggregatePlan(long timeoutNanos, int maxBodyBytes, List<Backend> backends) {

    AggregatePlan {
        backends = List.copyOf(backends);
    }

    record Backend(AggregateSpec.Backend spec, ServiceRuntime service, BackendPath path) {}

    static AggregatePlan of(AggregateSpec spec, Map<String, ServiceRuntime> services) {
        List<Backend> backends = new ArrayList<>(spec.backends().size());
        for (AggregateSpec.Backend backend : spec.backends()) {
            backends.add(new Backend(backend, services.get(backend.service()), BackendPath.parse(backend.path())));
        }
        return new AggregatePlan(spec.timeout().toNanos(), spec.maxBodySize().bytesAsInt(), backends);
    }
}
