create table if not exists visits(id integer primary key, date text not null, description text not null,
    starts_at text, duration text, booked_at text, confirmed_at text);
