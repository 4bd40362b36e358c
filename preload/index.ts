/**
 * contextBridge: one function per contract channel, nothing else (architecture.md).
 * The channels arrive with issue 5; until then the window gets only the app version.
 */
import { contextBridge } from 'electron';

contextBridge.exposeInMainWorld('authTray', Object.freeze({ version: '0.1.0' }));
