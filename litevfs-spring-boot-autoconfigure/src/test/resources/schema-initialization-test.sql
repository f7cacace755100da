create table if not exists greetings (id integer primary key, text text not null);
insert into greetings(text) values ('written by spring.sql.init');
