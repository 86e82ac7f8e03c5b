package io.portico.plugins.quota;

import io.portico.plugin.Headers;
import io.portico.plugin.ResponseHead;
import io.portico.plugin.testing.TestHeaders;

/** A response head for unit tests. */
final class TestResponse implements ResponseHead {

    final TestHeaders headers = new TestHeaders();
    private final int status;

    TestResponse(int status) {
        this.status = status;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public Headers headers() {
        return headers;
    }

    @Override
    public boolean local() {
        return status == 429;
    }
}
