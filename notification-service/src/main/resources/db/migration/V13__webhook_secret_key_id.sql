-- Webhook secrets encrypted at rest (issue 20): secret and previous_secret hold AES-256-GCM ciphertext
-- (base64 of a 12-byte nonce, then the sealed secret with its 16-byte tag), sealed with the key named here
-- (duban.webhook-secrets.key-id; webhook/SecretCipher). A row without a key id still holds its secret in plain text:
-- it is encrypted by the service at start (webhook/WebhookSecrets), as are rows sealed with a key that is no longer
-- the current one (key rotation).
alter table webhook_secret add column key_id text;
