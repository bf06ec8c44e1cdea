// The names the preload bridge and the main process agree on. Imports nothing: the preload runs
// sandboxed, where the only module it may require is 'electron', so it must bundle to that alone.

/** The global the preload exposes the booth API under (shared/api/boothApi.ts PRELOAD_GLOBAL; a test keeps them equal). */
export const BRIDGE_GLOBAL = 'gradbooth';
export const IPC_CALL_CHANNEL = 'booth:call';
export const IPC_EVENT_CHANNEL = 'booth:event';
