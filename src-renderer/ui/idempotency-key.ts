// Client-generated idempotency keys for commands that move money: made when a transaction
// starts and sent again on every retry, so a double click or a resend posts once.
// getRandomValues works in every context (randomUUID needs a secure one).

export function newIdempotencyKey(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
