package io.litevfs.shell;

import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Interactive input through JLine, as sqlite3's readline gives it: line editing, history (kept across
 * sessions in {@code ~/.litevfs_shell_history}), Ctrl-C dropping the statement being typed, Ctrl-D
 * leaving. {@code !} is not a history expansion: SQL uses it ({@code !=}).
 */
final class TerminalLines implements LineSource, AutoCloseable {

    private final Terminal terminal;
    private final LineReader reader;

    TerminalLines(Terminal terminal, Path history) {
        this.terminal = terminal;
        this.reader = LineReaderBuilder.builder().terminal(terminal).appName("litevfs-shell")
                .variable(LineReader.HISTORY_FILE, history)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .build();
    }

    /** The terminal the shell runs in. */
    static TerminalLines system() throws IOException {
        return new TerminalLines(TerminalBuilder.builder().system(true).build(),
                Path.of(System.getProperty("user.home"), ".litevfs_shell_history"));
    }

    @Override
    public @Nullable String next(String prompt) throws IOException {
        try {
            return reader.readLine(prompt);
        } catch (EndOfFileException end) {
            return null;
        } catch (UserInterruptException interrupt) {
            throw new Interrupted();
        }
    }

    @Override
    public void close() throws IOException {
        reader.getHistory().save();
        terminal.close();
    }
}
