create table notes (
    id integer primary key autoincrement,
    text text not null,
    created_at timestamp not null
);
create index notes_text on notes(text);
