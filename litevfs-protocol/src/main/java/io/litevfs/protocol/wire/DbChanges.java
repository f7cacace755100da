package io.litevfs.protocol.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.litevfs.protocol.Checksum;
import io.litevfs.protocol.Pos;
import org.jspecify.annotations.Nullable;

import java.util.List;

/**
 * What changed in one database since a client's position: either the pages written since
 * ({@code pgnos}, empty when nothing changed) or {@code all: true}, meaning the client must drop its
 * whole cache because its position is not in the store's history.
 *
 * <p>Extension, given to a request with {@code checksums=true} (never to one without, so LiteFS Cloud's
 * shape is kept): {@code before} and {@code after}, parallel to {@code pgnos}, each page's checksum at the
 * client's position and at {@code pos} (0 where the page is past the database's end), and {@code pgnos}
 * then also names the pages the database lost by shrinking. With them a client checks that the changes add
 * up: its position's checksum, with every listed page's {@code before} taken out and its {@code after} put
 * in, must give the checksum of {@code pos}; a changed page left out of the list cannot pass.
 *
 * <p>Extension, given to {@code GET /db/sync} with {@code page1=true}: {@code page1} and {@code page1Checksum},
 * page 1 at {@code pos} and its checksum, so that a node opening a database it has not cached learns
 * where the database is and reads its header in one round trip instead of two.
 *
 * @param pos           the store's current position
 * @param pgnos         page numbers written since the client's position, ascending; absent with {@code all}
 * @param all           true when everything must be refetched; absent otherwise
 * @param before        each listed page's checksum at the client's position; absent unless asked for
 * @param after         each listed page's checksum at {@code pos}; absent unless asked for
 * @param page1         page 1 at {@code pos} (base64 in JSON); absent unless asked for, or when the database is empty
 * @param page1Checksum its checksum ({@code FLAG | crc64(be32(1) ‖ page1)}); present with {@code page1}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DbChanges(Pos pos, @Nullable List<Long> pgnos, @Nullable Boolean all, @Nullable List<Checksum> before,
                        @Nullable List<Checksum> after, byte @Nullable [] page1, @Nullable Checksum page1Checksum) {

    /** The query parameter asking for {@code before} and {@code after}. */
    public static final String CHECKSUMS_PARAMETER = "checksums";
    /** The query parameter asking for {@code page1}. */
    public static final String PAGE1_PARAMETER = "page1";

    public static DbChanges pages(Pos pos, List<Long> pgnos) {
        return new DbChanges(pos, pgnos, null, null, null, null, null);
    }

    /** Pages written since the client's position, with their checksums then and now. */
    public static DbChanges pages(Pos pos, List<Long> pgnos, List<Checksum> before, List<Checksum> after) {
        return new DbChanges(pos, pgnos, null, before, after, null, null);
    }

    public static DbChanges everything(Pos pos) {
        return new DbChanges(pos, null, Boolean.TRUE, null, null, null, null);
    }

    /** These changes with page 1 at {@code pos}. */
    public DbChanges withPage1(PageData page) {
        PageData checked = page.withChecksum();
        return new DbChanges(pos, pgnos, all, before, after, checked.data(), Checksum.of(checked.checksum()));
    }

    /** These changes without page 1. */
    public DbChanges withoutPage1() {
        return new DbChanges(pos, pgnos, all, before, after, null, null);
    }

    /** Page 1 as given with these changes, or null. */
    public @Nullable PageData firstPage() {
        return page1 == null ? null : new PageData(1, page1, page1Checksum == null ? 0 : page1Checksum.value());
    }

    /**
     * Whether the client must drop all it has of this database. Not named {@code isAll}: Jackson would
     * take it for the {@code all} property.
     */
    public boolean refetchAll() {
        return Boolean.TRUE.equals(all);
    }
}
