package io.litevfs.autoconfigure;

import io.litevfs.protocol.Pos;
import io.litevfs.protocol.ltx.DatabaseChecksum;
import io.litevfs.protocol.ltx.LtxEncoder;
import io.litevfs.protocol.ltx.LtxHeader;
import io.litevfs.protocol.ltx.PageChecksum;
import io.litevfs.server.LiteVfsServer;
import io.litevfs.store.upload.WriteGuard;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;

/**
 * Plays another writer: takes the store's database, inserts a row with plain SQLite, and uploads the
 * result as the next transaction (all pages), as if another node committed first.
 */
final class StoreAdvancer {

    private StoreAdvancer() {
    }

    /** With {@code token}, the embedded store's (see {@link LiteVfsStore#token}). */
    static void advance(LiteVfsServer server, String token, String database, String leaseId, Path directory) {
        try {
            byte[] current = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.url()
                    + "/db/snapshot?db=" + database + "&format=sqlite")).header("Authorization", token).build(),
                    HttpResponse.BodyHandlers.ofByteArray()).body();
            Path copy = Files.createTempFile(directory, "advance", ".db");
            Files.write(copy, current);
            try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + copy)) {
                connection.createStatement().execute("insert into notes(text) values ('advanced')");
            }
            byte[] file = Files.readAllBytes(copy);
            int pageSize = ((file[16] & 0xFF) << 8) | (file[17] & 0xFF);
            int commit = file.length / pageSize;
            Pos base = server.store().loaded("default", database).pos();
            DatabaseChecksum checksum = new DatabaseChecksum();
            ByteArrayOutputStream ltx = new ByteArrayOutputStream();
            LtxEncoder encoder = new LtxEncoder(ltx, LtxHeader.of(0, pageSize, commit, base.txid().next(), base.txid().next(),
                    System.currentTimeMillis(), base.postApplyChecksum()));
            for (int pgno = 1; pgno <= commit; pgno++) {
                byte[] page = java.util.Arrays.copyOfRange(file, (pgno - 1) * pageSize, pgno * pageSize);
                checksum.add(PageChecksum.of(pgno, page));
                encoder.writePage(pgno, page);
            }
            encoder.finish(checksum.value());
            WriteGuard underLease = () -> server.leases().checkWrite("default", database, leaseId);
            byte[] uploaded = ltx.toByteArray();
            server.store().upload("default", database, new ByteArrayInputStream(uploaded), underLease);
        } catch (Exception e) {
            throw new IllegalStateException("could not advance the store", e);
        }
    }
}
