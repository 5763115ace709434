// Baileys' auth state held in a Map, for the interop tests and the benchmarks: the shape useMultiFileAuthState gives,
// without files.
import { initAuthCreds, BufferJSON, proto } from 'baileys';

/** A fresh auth state (new credentials, no keys). */
export function memoryAuthState() {
    const creds = initAuthCreds();
    const keys = new Map();
    return {
        creds,
        keys: {
            get: async (type, ids) => Object.fromEntries(ids.map(id => {
                const value = keys.get(type + ':' + id);
                if (value === undefined) return [id, undefined];
                const parsed = JSON.parse(value, BufferJSON.reviver);
                // a protobuf message comes back from JSON with its bytes as base64: Baileys' own file store
                // rebuilds app-state keys the same way
                return [id, type === 'app-state-sync-key' ? proto.Message.AppStateSyncKeyData.fromObject(parsed)
                    : parsed];
            })),
            set: async data => {
                for (const type of Object.keys(data)) {
                    for (const id of Object.keys(data[type])) {
                        const value = data[type][id];
                        if (value) keys.set(type + ':' + id, JSON.stringify(value, BufferJSON.replacer));
                        else keys.delete(type + ':' + id);
                    }
                }
            }
        }
    };
}
