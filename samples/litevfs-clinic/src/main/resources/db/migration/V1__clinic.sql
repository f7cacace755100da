create table pet_types (
    id   integer primary key,
    name text not null unique
);

create table owners (
    id         integer primary key,
    first_name text not null,
    last_name  text not null,
    address    text not null,
    city       text not null,
    telephone  text not null
);
create index owners_by_last_name on owners (last_name);

create table pets (
    id         integer primary key,
    name       text not null,
    birth_date text not null,
    type_id    integer not null references pet_types (id),
    owner_id   integer not null references owners (id)
);
create index pets_by_owner on pets (owner_id);

create table visits (
    id          integer primary key,
    pet_id      integer not null references pets (id),
    visit_date  text not null,
    description text not null
);
create index visits_by_pet on visits (pet_id, visit_date);

insert into pet_types (name) values ('bird'), ('cat'), ('dog'), ('hamster'), ('lizard'), ('snake');
