package io.portico.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugin.Phase;
import io.portico.plugin.Plugin;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PluginChainTest {

    private static ChainLink link(String name, int priority, Phase... phases) {
        return new ChainLink(name, Set.of(phases), Scope.ROUTE, "routes[r]", priority, new Plugin() {});
    }

    @Test
    void ordersEachPhaseByPriorityThenName() {
        PluginChain chain = new PluginChain(List.of(
                link("b", 10, Phase.ACCESS),
                link("a", 10, Phase.ACCESS, Phase.LOG),
                link("z", 99, Phase.ACCESS),
                link("low", -5, Phase.ACCESS, Phase.REWRITE)));

        assertThat(chain.linksOf(Phase.ACCESS)).extracting(ChainLink::name).containsExactly("z", "a", "b", "low");
        assertThat(chain.linksOf(Phase.REWRITE)).extracting(ChainLink::name).containsExactly("low");
        assertThat(chain.linksOf(Phase.LOG)).extracting(ChainLink::name).containsExactly("a");
        assertThat(chain.has(Phase.AUTHENTICATE)).isFalse();
        assertThat(chain.isEmpty()).isFalse();
    }

    @Test
    void theResponseBodyBoundIsTheSmallestOfItsPlugins() {
        Plugin small = new Plugin() {
            @Override
            public int maxResponseBodyBytes() {
                return 100;
            }
        };
        PluginChain chain = new PluginChain(List.of(
                link("big", 0, Phase.RESPONSE_BODY),
                new ChainLink("small", Set.of(Phase.RESPONSE_BODY), Scope.GLOBAL, "plugins", 0, small)));

        assertThat(chain.maxResponseBodyBytes()).isEqualTo(100);
        assertThat(new PluginChain(List.of()).maxResponseBodyBytes()).isEqualTo(Integer.MAX_VALUE);
    }
}
