create table t(id integer primary key, name text, score real, data blob);
insert into t values (1, 'alice', 1.5, x'0102');
insert into t values (2, 'bob, jr', null, null);
insert into t values (3, 'say "hi"', 0.1, null);
insert into t values (4, 'multi
line', -2, null);
insert into t values (5, 'it''s', 1e300, null);
insert into t values (6, '', 123456789, x'');
create index t_name on t(name);
create table "odd name"(a, b);
insert into "odd name" values (' pad ', 'é');
create table s(id integer primary key autoincrement, v);
insert into s(v) values (1.0), (0.25);
create view v as select name from t where id < 3;
create trigger s_touch after insert on s begin select 1; end;
.import --csv imported.csv imported
