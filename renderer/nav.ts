import type { EventPayloads } from '../common/ipc-contract';

/**
 * Where the window is: a screen and, for 'edit', its profile. The tray and notifications send the
 * same value ('navigate'). Its own module so screens need not import the App that renders them.
 */
export type Nav = EventPayloads['navigate'];
