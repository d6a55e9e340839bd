-- Store no response bodies (issue 20): a failed webhook answer used to keep its first 200 bytes ("webhook answered
-- HTTP 500: <body>") in the delivery and its log, a window into whatever the URL pointed at. Keep only the status.
-- ('.' matches newlines too in PostgreSQL's regular expressions.)
update delivery set last_error = regexp_replace(last_error, '(webhook answered HTTP [0-9]{3}): .*$', '\1')
    where last_error ~ 'webhook answered HTTP [0-9]{3}: ';
update delivery_attempt set error = regexp_replace(error, '(webhook answered HTTP [0-9]{3}): .*$', '\1')
    where error ~ 'webhook answered HTTP [0-9]{3}: ';
