--liquibase formatted sql

--changeset litevfs:1
create table events (id integer primary key autoincrement, name text not null);

--changeset litevfs:2
insert into events(name) values ('created by Liquibase');
