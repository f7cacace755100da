package io.litevfs.protocol.ltx;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class Crc64Test {

    @Test
    void matchesTheGoIsoCheckValue() {
        byte[] input = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertThat(Crc64.of(input, 0, input.length)).isEqualTo(0xB90956C775A41001L);
    }

    @Test
    void slicedComputationEqualsBytewiseForEveryLengthAndOffset() {
        Random random = new Random(42);
        byte[] data = new byte[300];
        random.nextBytes(data);
        for (int offset = 0; offset < 9; offset++) {
            for (int length = 0; length + offset <= data.length; length += 7) {
                assertThat(Crc64.of(data, offset, length)).isEqualTo(bytewise(data, offset, length));
            }
        }
    }

    @Test
    void streamingUpdatesEqualOneShot() {
        byte[] data = new byte[1000];
        new Random(7).nextBytes(data);
        Crc64 crc = new Crc64().update(data, 0, 13).update(data, 13, 500).update(data, 513, 487);
        assertThat(crc.value()).isEqualTo(Crc64.of(data, 0, data.length));
    }

    @Test
    void intAndLongUpdatesHashBigEndianBytes() {
        byte[] bytes = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        long expected = Crc64.of(bytes, 0, bytes.length);
        long actual = new Crc64().updateInt(0x01020304).updateLong(0x05060708090A0B0CL).value();
        assertThat(actual).isEqualTo(expected);
    }

    private static long bytewise(byte[] data, int offset, int length) {
        long crc = -1L;
        for (int i = offset; i < offset + length; i++) {
            crc ^= data[i] & 0xFF;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xD800000000000000L : crc >>> 1;
            }
        }
        return ~crc;
    }
}
