package io.litevfs.protocol.ltx;

import io.litevfs.protocol.Checksum;
import io.litevfs.protocol.Pages;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static io.litevfs.protocol.ltx.Fixtures.filled;
import static io.litevfs.protocol.ltx.Fixtures.page;
import static org.assertj.core.api.Assertions.assertThat;

/** The checksum vectors of the protocol spec (section 1.6), verified against the Go library. */
class ChecksumVectorsTest {

    @Test
    void pageChecksumsMatchGo() {
        assertThat(PageChecksum.of(1, new byte[512])).isEqualTo(0xefb1f44fecd99000L);
        assertThat(PageChecksum.of(1, "abc".getBytes(StandardCharsets.US_ASCII))).isEqualTo(0xb776c44e4fffff90L);
        assertThat(PageChecksum.of(1, page(0x10))).isEqualTo(0xfcb2736617033243L);
        assertThat(PageChecksum.of(2, page(0x20))).isEqualTo(0xf39e5c8524300170L);
        assertThat(PageChecksum.of(3, page(0x30))).isEqualTo(0xe685b9dbcadeef9eL);
    }

    @Test
    void databaseChecksumsMatchGo() {
        assertThat(database(512, 0x01, 0x02, 0x03)).isEqualTo(0xefffffffecd99000L);
        assertThat(database(1024, '2', '3')).isEqualTo(0xe1899b6d587aaaaaL);
        assertThat(database(512, '2', '3')).isEqualTo(0x8b87423eeeeeeeeeL);
        assertThat(database(512, '1')).isEqualTo(0xeb1a999231044dddL);
        assertThat(database(1024, 0x81, 0x82, 0x83)).isEqualTo(0x8a249272ad9f7deaL);
    }

    @Test
    void databaseChecksumSkipsTheLockPage() {
        int pageSize = 4096;
        byte[] page = filled(pageSize, 'x');
        DatabaseChecksum checksum = new DatabaseChecksum();
        for (int pgno = 1; pgno <= 262155; pgno++) {
            if (pgno != Pages.lockPage(pageSize)) {
                checksum.add(PageChecksum.of(pgno, page));
            }
        }
        assertThat(checksum.value().value()).isEqualTo(0xc19b668c376662c7L);
    }

    @Test
    void emptyDatabaseHasOnlyTheFlag() {
        assertThat(new DatabaseChecksum().value()).isEqualTo(Checksum.EMPTY_DATABASE);
    }

    @Test
    void incrementalUpdateEqualsRecomputation() {
        DatabaseChecksum rolling = new DatabaseChecksum(Checksum.of(database(512, 1, 2, 3)));
        rolling.replace(PageChecksum.of(2, filled(512, 2)), PageChecksum.of(2, filled(512, 9)));
        rolling.remove(PageChecksum.of(3, filled(512, 3)));
        assertThat(rolling.value().value()).isEqualTo(database(512, 1, 9));
    }

    @Test
    void lockPageIsThePageHoldingOneGibibyte() {
        assertThat(Pages.lockPage(4096)).isEqualTo(262145);
        assertThat(Pages.lockPage(512)).isEqualTo(2097153);
        assertThat(Pages.lockPage(65536)).isEqualTo(16385);
    }

    private static long database(int pageSize, int... fills) {
        DatabaseChecksum checksum = new DatabaseChecksum();
        for (int i = 0; i < fills.length; i++) {
            checksum.add(PageChecksum.of(i + 1, filled(pageSize, fills[i])));
        }
        return checksum.value().value();
    }
}
