package io.portico.plugins.proxycache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CachedResponseFormatTest {

    private static byte[] everyByteValue() {
        byte[] body = new byte[512];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }
        return body;
    }

    private static CachedResponse entry(byte[] body) {
        return new CachedResponse("k1", "products", 203,
                Map.of("content-type", "application/octet-stream", "x-note", "café ☕", "etag", "\"v1\""), body,
                1_796_668_038_334L, 12, 60_000, 3_600_000, 1_796_671_698_334L,
                List.of("accept-language", "accept-encoding"), Arrays.asList("fr", null), Set.of("catalog", "product-1"));
    }

    @Test
    void roundTripsEveryFieldAndABodyWithEveryByteValue() {
        CachedResponse original = entry(everyByteValue());

        CachedResponse read = CachedResponseFormat.read("k1", CachedResponseFormat.write(original));

        assertThat(read).usingRecursiveComparison().isEqualTo(original);
        assertThat(read.body()).isEqualTo(everyByteValue());
        assertThat(read.varyValues()).containsExactly("fr", null);
    }

    @Test
    void roundTripsAnEmptyResponse() {
        CachedResponse empty = new CachedResponse("k2", "r", 204, Map.of(), new byte[0], 0, 0, 1, 0, 1, List.of(),
                List.of(), Set.of());

        assertThat(CachedResponseFormat.read("k2", CachedResponseFormat.write(empty)))
                .usingRecursiveComparison().isEqualTo(empty);
    }

    @Test
    void takesTheKeyFromTheCallerAndIsCompact() {
        byte[] value = CachedResponseFormat.write(entry(new byte[0]));

        assertThat(CachedResponseFormat.read("other", value).key()).isEqualTo("other");
        assertThat(value.length).isLessThan(200);
    }

    @Test
    void aValueOfAnotherVersionOrFormatIsNoEntry() {
        byte[] value = CachedResponseFormat.write(entry(everyByteValue()));
        byte[] nextVersion = value.clone();
        nextVersion[1] = 2;
        byte[] otherFormat = value.clone();
        otherFormat[0] = '{';

        assertThat(CachedResponseFormat.read("k1", nextVersion)).isNull();
        assertThat(CachedResponseFormat.read("k1", otherFormat)).isNull();
        assertThat(CachedResponseFormat.read("k1", new byte[0])).isNull();
        assertThat(CachedResponseFormat.read("k1", "plain text".getBytes())).isNull();
    }

    @Test
    void aTruncatedOrExtendedValueIsNoEntry() {
        byte[] value = CachedResponseFormat.write(entry(new byte[] {1, 2, 3}));

        for (int length = 0; length < value.length; length++) {
            assertThat(CachedResponseFormat.read("k1", Arrays.copyOf(value, length))).as("%d bytes", length).isNull();
        }
        assertThat(CachedResponseFormat.read("k1", Arrays.copyOf(value, value.length + 1))).isNull();
    }

    @Test
    void aCountPastTheEndIsNoEntryWithoutAllocatingIt() {
        // Magic, version, status 200, five timings, route "r", then a header count of 2^31.
        byte[] value = {(byte) 0xC5, 1, (byte) 0xC8, 1, 0, 0, 0, 0, 0, 1, 'r', (byte) 0x80, (byte) 0x80, (byte) 0x80,
                (byte) 0x80, 8};

        assertThat(CachedResponseFormat.read("k1", value)).isNull();
    }

    @Test
    void randomBytesNeverThrow() {
        Random random = new Random(20261207);
        byte[] valid = CachedResponseFormat.write(entry(everyByteValue()));
        for (int i = 0; i < 10_000; i++) {
            byte[] value = i % 2 == 0 ? new byte[random.nextInt(64)] : valid.clone();
            if (i % 2 == 0) {
                random.nextBytes(value);
                if (value.length > 1) {
                    value[0] = CachedResponseFormat.MAGIC;
                    value[1] = CachedResponseFormat.VERSION;
                }
            } else {
                value[2 + random.nextInt(value.length - 2)] = (byte) random.nextInt();
            }
            CachedResponseFormat.read("k", value); // a miss or an entry, never an exception
        }
    }
}
