package io.litevfs.shell;

import org.jspecify.annotations.Nullable;

import java.io.BufferedReader;
import java.io.IOException;

/** Where the shell's input lines come from: a script or pipe, or a terminal with line editing. */
interface LineSource {

    /**
     * The next line, or null at the end of the input.
     *
     * @param prompt shown first when the source is a terminal
     * @throws Interrupted when the user pressed Ctrl-C: the statement being typed is dropped
     */
    @Nullable String next(String prompt) throws IOException;

    /** Lines of a script or a pipe, without prompts. */
    static LineSource of(BufferedReader in) {
        return prompt -> in.readLine();
    }

    /** Ctrl-C at the prompt. */
    final class Interrupted extends IOException {
        Interrupted() {
            super("interrupted");
        }
    }
}
