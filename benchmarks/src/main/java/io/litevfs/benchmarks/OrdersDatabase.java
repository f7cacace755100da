package io.litevfs.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.SplittableRandom;

/**
 * The database the comparison with the original LiteVFS reads, shaped like an application's: {@code
 * customer(id, name, region)} and {@code orders(id, customer_id, amount, note)} with an index on
 * {@code orders.customer_id}, ten orders per customer on average, spread at random. Built with plain
 * SQLite from a fixed seed (the same bytes every run) and kept between runs.
 *
 * @param orders    rows of {@code orders} (ids 1 to it)
 * @param customers rows of {@code customer} (ids 1 to it)
 */
record OrdersDatabase(Path file, int orders, int customers) {

    private static final int NOTE_LENGTH = 100;
    private static final String[] REGIONS = {"north", "south", "east", "west", "centre"};

    /** The database with {@code orders} orders (and a tenth as many customers), built if not there yet. */
    static OrdersDatabase ensure(Path directory, int orders) throws IOException, SQLException {
        int customers = orders / 10;
        Files.createDirectories(directory);
        Path file = directory.resolve("orders-" + orders + ".db");
        Path complete = file.resolveSibling(file.getFileName() + ".complete");
        OrdersDatabase database = new OrdersDatabase(file, orders, customers);
        if (Files.exists(complete) && Files.exists(file)) {
            return database;
        }
        Files.deleteIfExists(file);
        SplittableRandom random = new SplittableRandom(orders);
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("pragma journal_mode = off");
                statement.execute("pragma synchronous = off");
                statement.execute("create table customer(id integer primary key, name text not null, region text not null)");
                statement.execute("create table orders(id integer primary key, customer_id integer not null, "
                        + "amount integer not null, note text not null)");
            }
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("insert into customer values (?, ?, ?)")) {
                for (int id = 1; id <= customers; id++) {
                    insert.setInt(1, id);
                    insert.setString(2, "customer-" + id);
                    insert.setString(3, REGIONS[random.nextInt(REGIONS.length)]);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            try (PreparedStatement insert = connection.prepareStatement("insert into orders values (?, ?, ?, ?)")) {
                for (int id = 1; id <= orders; id++) {
                    insert.setInt(1, id);
                    insert.setInt(2, random.nextInt(customers) + 1);
                    insert.setInt(3, random.nextInt(10_000) + 1);
                    insert.setString(4, note(random));
                    insert.addBatch();
                    if (id % 5_000 == 0) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("create index orders_customer on orders(customer_id)");
            }
            connection.commit();
        }
        Files.createFile(complete);
        return database;
    }

    private static String note(SplittableRandom random) {
        char[] note = new char[NOTE_LENGTH];
        for (int i = 0; i < note.length; i++) {
            note[i] = (char) ('a' + random.nextInt(26));
        }
        return new String(note);
    }
}
