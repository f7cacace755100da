package io.litevfs.core.internal.ffi;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The second way in: a SQLite library that exports its {@code sqlite3_*} symbols (a custom build that
 * sqlite-jdbc was pointed at with {@code org.sqlite.lib.path} and {@code org.sqlite.lib.name}). Loading
 * the same path again yields the instance already loaded.
 */
final class ExportedSymbols {

    private ExportedSymbols() {
    }

    /** The API from the configured custom library, when one is configured and exports the symbols. */
    @SuppressWarnings("restricted")
    static Optional<SqliteApi> fromConfiguredLibrary() {
        String directory = System.getProperty("org.sqlite.lib.path");
        String name = System.getProperty("org.sqlite.lib.name");
        if (directory == null || name == null) {
            return Optional.empty();
        }
        Path library = Path.of(directory, name);
        SymbolLookup lookup = SymbolLookup.libraryLookup(library, Arena.global());
        Optional<MemorySegment> register = lookup.find("sqlite3_vfs_register");
        if (register.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new NativeFunctions(new NativeFunctions.Addresses(
                lookup.findOrThrow("sqlite3_libversion"), lookup.findOrThrow("sqlite3_vfs_find"), register.get(),
                lookup.findOrThrow("sqlite3_vfs_unregister"), lookup.findOrThrow("sqlite3_malloc")),
                "the exported symbols of " + library));
    }
}
