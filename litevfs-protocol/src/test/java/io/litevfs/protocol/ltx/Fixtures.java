package io.litevfs.protocol.ltx;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * The LTX files written by the reference Go library (test resources {@code /ltx}, see README there), and
 * the page contents their generator used: {@code page(seed)[i] = seed + (i % 7)}, 512-byte pages.
 * Other modules' tests use it through this module's test jar.
 */
public final class Fixtures {

    public static final int PAGE_SIZE = 512;

    private Fixtures() {
    }

    public static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/ltx/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /ltx/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] page(int seed) {
        byte[] page = new byte[PAGE_SIZE];
        for (int i = 0; i < PAGE_SIZE; i++) {
            page[i] = (byte) (seed + (i % 7));
        }
        return page;
    }

    public static byte[] filled(int size, int value) {
        byte[] page = new byte[size];
        Arrays.fill(page, (byte) value);
        return page;
    }
}
