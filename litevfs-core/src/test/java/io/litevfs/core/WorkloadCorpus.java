package io.litevfs.core;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A generated, deterministic corpus of databases and the queries applications and operators run on
 * them, for judging the read path on workloads it was not tuned on. Nine shapes share one logical schema
 * ({@code region}, {@code customer}, {@code orders}) stored differently: rowid tables at 4 KiB, 1 KiB and
 * 64 KiB pages, {@code WITHOUT ROWID} tables with composite keys, composite and covering indexes, text
 * keys, an FTS5 table, rows with overflow chains of 20-200 KB, and b-trees after heavy churn. Each shape
 * gets the same 33 queries of every kind (lookups, {@code IN} lists, ranges ascending and descending,
 * covering scans, {@code LIMIT}/{@code OFFSET}, {@code GROUP BY}, {@code count(distinct)}, joins of two
 * and three tables, {@code EXISTS}, window functions, checks, {@code VACUUM INTO}, full dumps) plus its
 * own. Contents are computed, never random, so a database and its request counts are the same every run.
 *
 * @see ColdQueryBoundTest
 */
public final class WorkloadCorpus {

    /** How a query is judged: point lookups are held to a stricter rule on bytes. */
    public enum Kind { POINT, OTHER }

    public record Query(String key, Kind kind, String sql) {
    }

    public record Shape(String name, int pageSize, List<String> build, List<Query> queries) {
    }

    private final int orders;
    private final int customers;

    /** @param orders rows of {@code orders}; {@code customer} gets a tenth as many */
    public WorkloadCorpus(int orders) {
        this.orders = orders;
        this.customers = orders / 10;
    }

    public List<Shape> shapes() {
        return List.of(
                shape("rowid", 4096, rowidTables(), List.of()),
                shape("rowid-1k", 1024, rowidTables(), List.of()),
                shape("rowid-64k", 65536, rowidTables(), List.of()),
                shape("without-rowid", 4096, withoutRowidTables(), List.of(
                        query("wr-prefix", Kind.OTHER, "select count(*), sum(amount) from orders where customer_id = " + customers / 6),
                        query("wr-key", Kind.POINT, "select amount from orders where customer_id = " + customerOf(orders / 3)
                                + " and id = " + orders / 3))),
                shape("covering", 4096, coveringTables(), List.of(
                        query("cov-amounts", Kind.OTHER, "select customer_id, max(amount) from orders where customer_id between "
                                + customers / 3 + " and " + (customers / 3 + 40) + " group by customer_id"),
                        query("cov-dates", Kind.OTHER, "select created, count(*) from orders where created between '2021-01-01' "
                                + "and '2021-03-01' group by created"),
                        query("cov-names", Kind.OTHER, "select name from customer where city = 'Quito' order by name desc limit 15"))),
                shape("text-keys", 4096, textKeyTables(), List.of(
                        query("sku-point", Kind.POINT, "select title, price from product where sku = '" + sku(orders / 9) + "'"),
                        query("sku-in", Kind.OTHER, "select sku, price from product where sku in ('" + sku(3) + "', '"
                                + sku(orders / 40) + "', '" + sku(orders / 12) + "', '" + sku(orders / 7) + "', '" + sku(orders / 6) + "')"),
                        query("sku-prefix", Kind.OTHER, "select count(*) from product where sku like 'SKU-001%'"),
                        query("sku-range-desc", Kind.OTHER, "select sku from product where sku < 'SKU-004' order by sku desc limit 30"),
                        query("email-point", Kind.POINT, "select id, city from customer where email = 'user" + customers / 3 + "@example.org'"),
                        query("email-lookups", Kind.OTHER, "select count(*) from customer where email in ("
                                + String.join(", ", IntStream.range(0, 20).mapToObj(i -> "'user" + (1 + i * customers / 20)
                                + "@example.org'").toList()) + ")"))),
                shape("fts5", 4096, fts5Tables(), List.of(
                        query("fts-rare", Kind.OTHER, "select rowid from docs where docs match 'zephyr'"),
                        query("fts-common", Kind.OTHER, "select count(*) from docs where docs match 'alpha'"),
                        query("fts-and-rank", Kind.OTHER, "select rowid, title from docs where docs match 'delta and kappa' "
                                + "order by rank limit 10"),
                        query("fts-prefix", Kind.OTHER, "select count(*) from docs where docs match 'om*'"),
                        query("fts-phrase", Kind.OTHER, "select rowid from docs where docs match '\"sigma tau\"' limit 20"))),
                shape("overflow", 4096, overflowTables(), List.of(
                        query("ovf-after", Kind.OTHER, "select count(*) from orders where created > '2023-06-01'"),
                        query("ovf-one", Kind.POINT, "select length(note) from orders where id = " + longNoteEvery() * 40),
                        query("ovf-read", Kind.OTHER, "select sum(length(note)) from orders where id between "
                                + orders / 2 + " and " + (orders / 2 + 300)))),
                shape("churn", 4096, churnedTables(), List.of(
                        query("churn-free", Kind.OTHER, "pragma freelist_count"),
                        query("churn-range", Kind.OTHER, "select count(*), sum(amount) from orders where id between "
                                + orders / 3 + " and " + (orders / 3 + orders / 20)))));
    }

    /** How many queries every shape has in common; they come first in each shape's list, its own after. */
    public int commonQueryCount() {
        return commonQueries().size();
    }

    private Shape shape(String name, int pageSize, List<String> tables, List<Query> own) {
        List<String> build = new ArrayList<>();
        build.add("pragma page_size = " + pageSize);
        build.addAll(tables);
        List<Query> queries = new ArrayList<>(commonQueries());
        queries.addAll(own);
        return new Shape(name, pageSize, build, queries);
    }

    private List<Query> commonQueries() {
        int n = orders;
        int c = customers;
        return List.of(
                query("point-rowid", Kind.POINT, "select * from orders where id = " + (n / 2 + 7)),
                query("point-rowid-2", Kind.POINT, "select amount from orders where id = " + n / 7),
                query("point-index", Kind.POINT, "select id, amount from orders where customer_id = " + c / 3),
                query("point-customer", Kind.POINT, "select * from customer where id = " + c / 5),
                query("in-rowid", Kind.OTHER, "select id, amount from orders where id in (" + spread(n, 6) + ")"),
                query("in-index", Kind.OTHER, "select id from orders where customer_id in (" + spread(c, 6) + ")"),
                query("range-short", Kind.OTHER, "select sum(amount) from orders where id between " + n / 3 + " and " + (n / 3 + 40)),
                query("range-long", Kind.OTHER, "select count(*), max(amount) from orders where id between " + n / 4 + " and " + n / 2),
                query("range-index", Kind.OTHER, "select count(*), sum(amount) from orders where customer_id between "
                        + c / 4 + " and " + (c / 4 + 20)),
                query("covering-count", Kind.OTHER, "select count(*) from customer where city = 'Lima'"),
                query("covering-group", Kind.OTHER, "select city, count(*) from customer group by city"),
                query("limit-asc", Kind.OTHER, "select id, amount from orders where id > " + n * 3 / 4 + " order by id limit 50"),
                query("limit-desc", Kind.OTHER, "select id, amount from orders order by id desc limit 20"),
                query("limit-desc-offset", Kind.OTHER, "select id, amount from orders order by id desc limit 20 offset " + n / 10),
                query("index-desc", Kind.OTHER, "select id from orders where customer_id between " + c / 2 + " and "
                        + (c / 2 + 30) + " order by customer_id desc limit 25"),
                query("group-by", Kind.OTHER, "select customer_id % 10, count(*), sum(amount) from orders group by 1"),
                query("count-distinct", Kind.OTHER, "select count(distinct customer_id) from orders"),
                query("max-range", Kind.OTHER, "select max(amount) from orders where id between " + n / 5 + " and " + (n / 5 + n / 10)),
                query("join2", Kind.OTHER, "select c.city, count(*), sum(o.amount) from customer c join orders o on "
                        + "o.customer_id = c.id where c.id between " + c / 4 + " and " + (c / 4 + 50) + " group by c.city"),
                query("join2-filter", Kind.OTHER, "select count(*) from orders o join customer c on c.id = o.customer_id "
                        + "where c.city = 'Oslo'"),
                query("join3", Kind.OTHER, "select r.name, count(*) from orders o join customer c on c.id = o.customer_id "
                        + "join region r on r.id = c.region_id where o.id between " + n / 2 + " and " + (n / 2 + 300)
                        + " group by r.name"),
                query("exists", Kind.OTHER, "select count(*) from customer c where exists (select 1 from orders o where "
                        + "o.customer_id = c.id and o.amount > 9900)"),
                query("window", Kind.OTHER, "select id, sum(amount) over (order by id rows between 5 preceding and current row) "
                        + "from orders where id between " + n / 3 + " and " + (n / 3 + 100)),
                query("like-prefix", Kind.OTHER, "select count(*) from customer where email like 'user12%'"),
                query("text-lookup", Kind.OTHER, "select id from customer where email = 'user" + c / 3 + "@example.org'"),
                query("sort-unindexed", Kind.OTHER, "select id from orders order by amount desc, id limit 10"),
                query("dump-orders", Kind.OTHER, "select * from orders"),
                query("dump-customer", Kind.OTHER, "select * from customer"),
                query("dump-region", Kind.OTHER, "select * from region"),
                query("integrity-check", Kind.OTHER, "pragma integrity_check"),
                query("quick-check", Kind.OTHER, "pragma quick_check"),
                query("foreign-key-check", Kind.OTHER, "pragma foreign_key_check"),
                query("vacuum-into", Kind.OTHER, "vacuum into"));
    }

    private static Query query(String key, Kind kind, String sql) {
        return new Query(key, kind, sql);
    }

    private static String spread(int of, int count) {
        return String.join(", ", IntStream.range(0, count).mapToObj(i -> Integer.toString(1 + (int) ((long) of * (2 * i + 1) / (2L * count)))).toList());
    }

    private int customerOf(int order) {
        return (int) ((long) order * 7919 % customers) + 1;
    }

    private static String sku(int i) {
        return "SKU-" + String.format("%06d", (long) i * 7919 % 1_000_000);
    }

    private List<String> baseTables(String customerTable, String ordersTable, List<String> indexes, String noteExpression) {
        List<String> sql = new ArrayList<>();
        sql.add("create table region(id integer primary key, name text not null)");
        sql.add(customerTable);
        sql.add(ordersTable);
        sql.add("with recursive n(i) as (select 1 union all select i + 1 from n where i < 20) "
                + "insert into region select i, 'region-' || i from n");
        sql.add("with recursive n(i) as (select 1 union all select i + 1 from n where i < " + customers + ") "
                + "insert into customer(id, name, email, city, region_id) select i, 'customer ' || i, 'user' || i || '@example.org', "
                + "case i % 12 when 0 then 'Lima' when 1 then 'Oslo' when 2 then 'Quito' when 3 then 'Accra' when 4 then 'Hanoi' "
                + "when 5 then 'Perth' when 6 then 'Porto' when 7 then 'Cusco' when 8 then 'Dakar' when 9 then 'Turku' "
                + "when 10 then 'Izmir' else 'Split' end, 1 + i % 20 from n");
        sql.add("with recursive n(i) as (select 1 union all select i + 1 from n where i < " + orders + ") "
                + "insert into orders(id, customer_id, amount, note, created) select i, (i * 7919) % " + customers + " + 1, "
                + "(i * 31) % 10000, " + noteExpression + ", date('2020-01-01', '+' || (i % 1500) || ' days') from n");
        sql.addAll(indexes);
        return sql;
    }

    private static final String NOTE = "'order ' || i || ' ' || substr('lorem ipsum dolor sit amet consectetur adipiscing "
            + "elit sed do eiusmod tempor incididunt ut labore', 1 + i % 40, 20 + i % 30)";
    private static final String CUSTOMER = "create table customer(id integer primary key, name text not null, email text not null, "
            + "city text not null, region_id integer not null references region(id))";
    private static final String ORDERS = "create table orders(id integer primary key, customer_id integer not null "
            + "references customer(id), amount integer not null, note text not null, created text not null)";
    private static final List<String> INDEXES = List.of("create index orders_customer on orders(customer_id)",
            "create index customer_city on customer(city)");

    private List<String> rowidTables() {
        return baseTables(CUSTOMER, ORDERS, INDEXES, NOTE);
    }

    private List<String> withoutRowidTables() {
        return baseTables("create table customer(id integer primary key, name text not null, email text not null, "
                        + "city text not null, region_id integer not null references region(id)) without rowid",
                "create table orders(customer_id integer not null references customer(id), id integer not null, "
                        + "amount integer not null, note text not null, created text not null, primary key (customer_id, id)) without rowid",
                List.of("create unique index orders_id on orders(id)", "create index customer_city on customer(city)"), NOTE);
    }

    private List<String> coveringTables() {
        return baseTables(CUSTOMER, ORDERS, List.of("create index orders_customer_amount on orders(customer_id, amount)",
                "create index orders_created_amount on orders(created, amount)",
                "create index customer_city_name on customer(city, name)"), NOTE);
    }

    private List<String> textKeyTables() {
        List<String> sql = new ArrayList<>(baseTables(CUSTOMER, ORDERS, List.of(
                "create index orders_customer on orders(customer_id)", "create unique index customer_email on customer(email)",
                "create index customer_city on customer(city)"), NOTE));
        sql.add("create table product(sku text primary key, title text not null, price integer not null)");
        sql.add("with recursive n(i) as (select 1 union all select i + 1 from n where i < " + orders / 5 + ") "
                + "insert or ignore into product select 'SKU-' || printf('%06d', i * 7919 % 1000000), 'product ' || i, (i * 37) % 500 from n");
        return sql;
    }

    private List<String> fts5Tables() {
        List<String> sql = new ArrayList<>(rowidTables());
        sql.add("create virtual table docs using fts5(title, body)");
        String words = "'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau "
                + "upsilon phi chi psi omega'";
        sql.add("with recursive n(i) as (select 1 union all select i + 1 from n where i < " + orders / 4 + ") "
                + "insert into docs(rowid, title, body) select i, 'document ' || i, "
                + "substr(" + words + ", 1 + (i * 7) % 120, 60) || ' ' || substr(" + words + ", 1 + (i * 13) % 100, 80) || "
                + "case when i % 997 = 0 then ' zephyr' else '' end || ' alpha' from n");
        return sql;
    }

    private List<String> overflowTables() {
        return baseTables(CUSTOMER, ORDERS, INDEXES,
                "case when i % " + longNoteEvery() + " = 0 then printf('%.*c', 20000 + (i / " + longNoteEvery()
                        + " % 10) * 20000, 'x') else " + NOTE + " end");
    }

    /** One order in this many has a note of 20-200 KB: 80 of them whatever the scale (about 9 MB of overflow pages). */
    private int longNoteEvery() {
        return Math.max(1, orders / 80);
    }

    private List<String> churnedTables() {
        List<String> sql = new ArrayList<>(rowidTables());
        sql.add("delete from orders where id % 3 = 0");
        sql.add("update orders set note = note || ' amended twice over, with a longer note' where id % 5 = 0");
        sql.add("with recursive n(i) as (select 1 union all select i + 1 from n where i < " + orders / 3 + ") "
                + "insert into orders(id, customer_id, amount, note, created) select " + orders + " + i, (i * 104729) % "
                + customers + " + 1, (i * 17) % 10000, 'late ' || i, date('2024-01-01', '+' || (i % 300) || ' days') from n");
        sql.add("delete from orders where id between " + orders / 2 + " and " + (orders / 2 + orders / 10));
        sql.add("update customer set name = name || ' (moved)' where id % 4 = 0");
        return sql;
    }

    /** Builds {@code shape} as a plain SQLite file at {@code file}. */
    public static void build(Shape shape, Path file) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            for (String sql : shape.build()) {
                statement.execute(sql);
            }
        }
    }
}
