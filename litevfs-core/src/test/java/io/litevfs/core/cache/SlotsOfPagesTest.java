package io.litevfs.core.cache;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The page-to-slot table answers as a map would, through any mix of puts and removes, whatever the page numbers. */
class SlotsOfPagesTest {

    @Test
    void answersAsAMapThroughRandomPutsAndRemoves() {
        for (int seed = 0; seed < 20; seed++) {
            Random random = new Random(seed);
            SlotsOfPages table = new SlotsOfPages();
            Map<Integer, Integer> model = new HashMap<>();
            int range = seed % 2 == 0 ? 300 : Integer.MAX_VALUE;
            for (int step = 0; step < 20_000; step++) {
                int pgno = 1 + random.nextInt(range - 1);
                if (random.nextInt(3) == 0) {
                    table.remove(pgno);
                    model.remove(pgno);
                } else {
                    int slot = random.nextInt(1 << 20);
                    table.put(pgno, slot);
                    model.put(pgno, slot);
                }
                int probe = 1 + random.nextInt(range - 1);
                assertThat(table.slotOf(probe)).isEqualTo(model.getOrDefault(probe, -1));
            }
            for (Map.Entry<Integer, Integer> entry : model.entrySet()) {
                assertThat(table.slotOf(entry.getKey())).isEqualTo(entry.getValue());
            }
        }
    }

    @Test
    void pageNumbersThatAreNotPagesAreNeverFound() {
        SlotsOfPages table = new SlotsOfPages();
        table.put(400_000_000, 3);
        assertThat(table.slotOf(400_000_000)).isEqualTo(3);
        assertThat(table.slotOf(0)).isEqualTo(-1);
        assertThat(table.slotOf(-1)).isEqualTo(-1);
        assertThat(table.slotOf(0xFFFFFFFFL)).isEqualTo(-1);
    }
}
