package io.litevfs.benchmarks;

import io.litevfs.core.LiteVfs;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * The plain-Java program of the start-up benchmark ({@link Startup}): a process that uses {@link LiteVfs}
 * to answer one query from an empty cache, then exits, as a program on a machine started on demand would.
 * {@code FirstQuery STORE_URL DATABASE CACHE_DIRECTORY SQL} prints the first column of the first row,
 * then a line {@code phases main=<epoch ms> register=<ms> open=<ms> query=<ms> close=<ms>}: the epoch
 * millisecond {@code main} began (the benchmark subtracts the process's start to get the JVM's share) and
 * how long each step took; registering includes making the HTTP client, which LiteVFS does alongside.
 */
public final class FirstQuery {

    private FirstQuery() {
    }

    public static void main(String[] args) throws Exception {
        long mainEpoch = System.currentTimeMillis();
        long mark = System.nanoTime();
        String storeUrl = args[0];
        String database = args[1];
        Path cache = Path.of(args[2]);
        String sql = args[3];

        try (LiteVfs vfs = LiteVfs.builder().storeUrl(storeUrl).cacheDirectory(cache).vfsName("first-query").register()) {
            long registerMillis = since(mark);
            mark = System.nanoTime();
            try (Connection connection = DriverManager.getConnection(vfs.jdbcUrl(database));
                 Statement statement = connection.createStatement()) {
                long openMillis = since(mark);
                mark = System.nanoTime();
                String answer;
                try (ResultSet rows = statement.executeQuery(sql)) {
                    answer = rows.next() ? rows.getString(1) : "(no row)";
                }
                long queryMillis = since(mark);
                System.out.println(answer);
                System.out.flush();
                mark = System.nanoTime();
                connection.close();
                vfs.close();
                long closeMillis = since(mark);
                System.out.println("phases main=" + mainEpoch + " register=" + registerMillis
                        + " open=" + openMillis + " query=" + queryMillis + " close=" + closeMillis);
            }
        }
    }

    private static long since(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
