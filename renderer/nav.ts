import type { EventPayloads } from '../common/ipc-contract';

/**
 * Where the window is: a sidebar item and, for a profile ('profiles', 'edit'), which one. The tray
 * and notifications send the same value ('navigate'); 'add-account' is the window's own. Its own
 * module so screens need not import the App that renders them.
 */
export type Nav = EventPayloads['navigate'] | { readonly screen: 'add-account'; readonly profileId?: undefined };
