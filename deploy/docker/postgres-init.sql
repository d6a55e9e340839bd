-- Run once by the postgres image on an empty data volume (/docker-entrypoint-initdb.d):
-- one database per service, owned by the image's superuser.
create database duban_unit;
create database duban_task;
create database duban_supervision;
create database duban_notification;
create database duban_province;
