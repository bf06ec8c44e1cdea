// The names the staff window's preload and the main process agree on. Imports nothing, and is
// imported by no other preload: two preload bundles sharing a module would get a shared chunk,
// which a sandboxed preload cannot require.

/** The staff window's preload global (shared/api/staffApi.ts PRELOAD_STAFF_GLOBAL; a test keeps them equal). */
export const STAFF_BRIDGE_GLOBAL = 'gradboothStaff';
export const IPC_STAFF_CALL_CHANNEL = 'staff:call';
