package io.litevfs.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** LTX files written by the reference Go library (see test resources {@code /ltx/README.md}). */
final class Fixtures {

    private Fixtures() {
    }

    static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/ltx/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /ltx/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The generator's page contents: {@code page(seed)[i] = seed + (i % 7)}, 512 bytes. */
    static byte[] page(int seed) {
        byte[] page = new byte[512];
        for (int i = 0; i < page.length; i++) {
            page[i] = (byte) (seed + (i % 7));
        }
        return page;
    }
}
