package io.litevfs.server.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code litevfs.server.tokens-file}: access tokens kept out of the command line (where every local
 * user reads them in {@code /proc/PID/cmdline}). One {@code cluster token} per line, the token being the
 * rest of the line (it may hold spaces, as {@code FlyV1 ...} does); blank lines and lines starting with
 * {@code #} are skipped. A file that others than its owner may read is used, with a warning.
 */
final class TokensFile {

    private static final Logger log = LoggerFactory.getLogger(TokensFile.class);

    private TokensFile() {
    }

    static List<AccessToken> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            warnIfOthersMayRead(file);
        } catch (IOException e) {
            throw new IllegalStateException("litevfs.server.tokens-file: cannot read " + file + " (" + e + ")", e);
        }
        List<AccessToken> tokens = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int space = line.indexOf(' ');
            if (space < 0 || line.substring(space).isBlank()) {
                throw new IllegalStateException("litevfs.server.tokens-file: line " + (i + 1) + " of " + file
                        + " is not \"<cluster> <token>\"");
            }
            tokens.add(new AccessToken(line.substring(0, space), line.substring(space + 1).strip()));
        }
        return tokens;
    }

    private static void warnIfOthersMayRead(Path file) throws IOException {
        if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        if (permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ)) {
            log.warn("[store] litevfs.server.tokens-file {} may be read by other users; chmod 600 it", file);
        }
    }
}
