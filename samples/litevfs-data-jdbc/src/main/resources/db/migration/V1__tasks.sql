create table tasks (
    id integer primary key autoincrement,
    title text not null,
    done boolean not null default false,
    created_at text not null,
    due_at text
);
create index tasks_title on tasks(title);
