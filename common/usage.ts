/** Subscription usage and API spend as the window and the tray get them (issue 15). */

export interface UsageWindowReading {
  /** 0–100. */
  readonly usedPercent: number;
  /** Epoch ms. */
  readonly resetsAt?: number;
}

/** The latest reading Claude Code's status line saw for one Claude.ai account. */
export interface UsageView {
  readonly fiveHour?: UsageWindowReading;
  readonly sevenDay?: UsageWindowReading;
  /** Epoch ms of the status line that carried it. */
  readonly seenAt: number;
}

/** An organisation's spend from the Admin API's cost report, in US dollars. */
export interface SpendView {
  readonly todayUsd: number;
  readonly monthUsd: number;
  /** Epoch ms of the report. */
  readonly fetchedAt: number;
  /** The Admin-key profile it came from. */
  readonly adminProfileId: string;
}
