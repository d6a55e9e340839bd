-- 文号 of a bulletin (通报), printed above its title in the export; optional, given by the office.
alter table bulletin add column document_number text;
