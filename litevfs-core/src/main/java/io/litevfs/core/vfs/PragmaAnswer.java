package io.litevfs.core.vfs;

import org.jspecify.annotations.Nullable;

/**
 * The VFS's answer to one of its own pragmas: a value (one row with one column, as SQLite shows it), or
 * none ({@link #NONE}: done, nothing to show, as a pragma that sets something answers).
 */
public record PragmaAnswer(@Nullable String value) {

    /** Handled, with nothing to show. */
    public static final PragmaAnswer NONE = new PragmaAnswer(null);

    public static PragmaAnswer of(String value) {
        return new PragmaAnswer(value);
    }
}
