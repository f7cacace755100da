package io.litevfs.protocol.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.litevfs.protocol.Pos;
import org.jspecify.annotations.Nullable;

import java.util.List;

/**
 * What changed in one database since a client's position: either the pages written since
 * ({@code pgnos}, empty when nothing changed) or {@code all: true}, meaning the client must drop its
 * whole cache because its position is not in the store's history.
 *
 * @param pos   the store's current position
 * @param pgnos page numbers written since the client's position, ascending; absent with {@code all}
 * @param all   true when everything must be refetched; absent otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DbChanges(Pos pos, @Nullable List<Long> pgnos, @Nullable Boolean all) {

    public static DbChanges pages(Pos pos, List<Long> pgnos) {
        return new DbChanges(pos, pgnos, null);
    }

    public static DbChanges everything(Pos pos) {
        return new DbChanges(pos, null, Boolean.TRUE);
    }

    /**
     * Whether the client must drop all it has of this database. Not named {@code isAll}: Jackson would
     * take it for the {@code all} property.
     */
    public boolean refetchAll() {
        return Boolean.TRUE.equals(all);
    }
}
