package io.litevfs.samples.jpa;

import io.litevfs.core.LiteVfs;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring's test context cache as an application's tests meet it, with no LiteVFS setting but a temporary
 * store: a full context and a slice stay cached side by side (with {@code JpaTimeTypesTests}' slice, three
 * alive in this JVM), and a {@code @DirtiesContext} one starts beside them and closes. Each registers a VFS
 * of its own and works; before, the second failed to start ("already registered", then "in use").
 */
class CachedContextsTests {

    @Nested
    @SpringBootTest(properties = "litevfs.embedded-store.temporary=true")
    class FullContext {

        @Autowired
        Notes notes;

        @Autowired
        LiteVfs liteVfs;

        @Test
        void writesAndReads() {
            notes.add("from the full context");
            assertThat(notes.containing("full context")).extracting(Note::getText).containsExactly("from the full context");
            assertThat(liteVfs.name()).startsWith("litevfs");
        }
    }

    @Nested
    @DataJpaTest(properties = {"litevfs.embedded-store.temporary=true", "spring.jpa.show-sql=false"})
    class Slice {

        @Autowired
        NoteRepository repository;

        @Test
        void writesAndReads() {
            repository.save(new Note("from the slice", java.time.Instant.now()));
            assertThat(repository.count()).isOne();
        }
    }

    @Nested
    @DataJpaTest(properties = "litevfs.embedded-store.temporary=true")
    @DirtiesContext
    class Dirtied {

        @Autowired
        NoteRepository repository;

        @Autowired
        LiteVfs liteVfs;

        @Test
        void writesAndReadsBesideTheCachedOnes() {
            repository.save(new Note("from the dirtied context", java.time.Instant.now()));
            assertThat(repository.count()).isOne();
            assertThat(LiteVfs.isRegistered(liteVfs.name())).isTrue();
        }
    }
}
