-- Run once by the postgres image on an empty data volume, through postgres-init.sh, which passes each service's
-- password as a psql variable (from the environment; none is written here). One login role per service, owning only
-- its own database; no role but the owner (and the image's superuser) may connect to it.
\set ON_ERROR_STOP on

create role duban_unit login password :'unit_password';
create database duban_unit owner duban_unit;
revoke all on database duban_unit from public;

create role duban_task login password :'task_password';
create database duban_task owner duban_task;
revoke all on database duban_task from public;

create role duban_supervision login password :'supervision_password';
create database duban_supervision owner duban_supervision;
revoke all on database duban_supervision from public;

create role duban_notification login password :'notification_password';
create database duban_notification owner duban_notification;
revoke all on database duban_notification from public;

create role duban_province login password :'province_password';
create database duban_province owner duban_province;
revoke all on database duban_province from public;
