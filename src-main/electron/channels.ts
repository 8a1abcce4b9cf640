// The IPC channel names shared by the main process and the preload. Kept free of imports so the
// sandboxed preload bundle stays tiny and only requires 'electron'.

/** The one request/response channel: (method, input, token) -> Envelope. */
export const INVOKE_CHANNEL = 'towncounter:invoke';

/** Channels main may push on and the renderer may listen to through `towncounter.on`. */
export const EVENT_CHANNELS: readonly string[] = ['towncounter:event'];

/** Longest method name the preload forwards (contract names are short `noun.verb`). */
export const MAX_METHOD_LENGTH = 64;
