package io.litevfs.shell;

import java.io.IOException;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code .import [--csv] [--skip N] FILE TABLE}, as sqlite3 does it: CSV fields (quoted with {@code "},
 * a doubled quote inside, line breaks allowed in quotes, CRLF or LF rows). A table that does not exist is
 * created from the first row, one TEXT column per field, named by it; otherwise every row is data. All
 * rows go in one transaction (which, on LiteVFS, needs the write lease, as any write does).
 */
final class CsvImport {

    private CsvImport() {
    }

    /** Imports; returns the rows inserted. */
    static int run(Connection connection, Path file, String table, int skip) throws IOException, SQLException {
        List<List<String>> records;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            records = parse(in);
        }
        records = records.subList(Math.min(skip, records.size()), records.size());
        if (records.isEmpty()) {
            return 0;
        }
        String name = Dump.identifier(table);
        int columns;
        if (!exists(connection, table)) {
            List<String> header = records.getFirst();
            records = records.subList(1, records.size());
            StringBuilder create = new StringBuilder("CREATE TABLE IF NOT EXISTS \"").append(table.replace("\"", "\"\""))
                    .append("\"(\n");
            for (int i = 0; i < header.size(); i++) {
                create.append(i > 0 ? ", " : "").append('"').append(header.get(i).replace("\"", "\"\"")).append("\" TEXT");
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute(create.append(')').toString());
            }
            columns = header.size();
        } else {
            try (Statement statement = connection.createStatement();
                 ResultSet none = statement.executeQuery("select * from " + name + " limit 0")) {
                columns = none.getMetaData().getColumnCount();
            }
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + name + " VALUES("
                + "?,".repeat(columns - 1) + "?)")) {
            for (List<String> record : records) {
                for (int i = 0; i < columns; i++) {
                    insert.setString(i + 1, i < record.size() ? record.get(i) : null);
                }
                insert.executeUpdate();
            }
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
        return records.size();
    }

    private static boolean exists(Connection connection, String table) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "select 1 from sqlite_schema where type = 'table' and name = ?")) {
            statement.setString(1, table);
            try (ResultSet found = statement.executeQuery()) {
                return found.next();
            }
        }
    }

    /** RFC 4180 records: comma-separated, quoted fields may hold commas, quotes (doubled) and line breaks. */
    static List<List<String>> parse(BufferedReader in) throws IOException {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        int c;
        while ((c = in.read()) != -1) {
            any = true;
            if (quoted) {
                if (c == '"') {
                    in.mark(1);
                    int next = in.read();
                    if (next == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        if (next != -1) {
                            in.reset();
                        }
                    }
                } else {
                    field.append((char) c);
                }
            } else if (c == '"' && field.isEmpty()) {
                quoted = true;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
            } else if (c == '\n') {
                record.add(stripCr(field));
                records.add(record);
                record = new ArrayList<>();
                field.setLength(0);
                any = false;
            } else {
                field.append((char) c);
            }
        }
        if (any) {
            record.add(stripCr(field));
            records.add(record);
        }
        return records;
    }

    private static String stripCr(StringBuilder field) {
        int length = field.length();
        return length > 0 && field.charAt(length - 1) == '\r' ? field.substring(0, length - 1) : field.toString();
    }
}
