import { z } from 'zod';

/** Hours/minutes before expiry at which to notify; defaults from issue 5. */
export const DEFAULT_THRESHOLDS_MIN = [24 * 60, 60, 10] as const;

export const appSettingsSchema = z
  .object({
    version: z.literal(1),
    /** Minutes before expiry; "at expiry" is always notified. */
    notifyThresholdsMin: z
      .array(
        z
          .number()
          .int()
          .positive()
          .max(30 * 24 * 60),
      )
      .max(8),
    mutedProfiles: z.array(z.string().max(64)).max(200),
    startAtLogin: z.boolean(),
    /** Default helper TTL for new helper profiles, in ms (undefined: Claude Code's own). */
    defaultHelperTtlMs: z
      .number()
      .int()
      .positive()
      .max(7 * 24 * 3600 * 1000)
      .optional(),
    /** Our status line in Claude Code (issue 15): who pays, and the subscription's limits. */
    statusLine: z.boolean().optional(),
    /** Percent of a usage window at which to notify; default USAGE_THRESHOLDS_PCT. */
    usageThresholdsPct: z.array(z.number().int().min(1).max(100)).max(8).optional(),
  })
  .strict();

/** Notify at these percentages of the 5-hour or weekly window (issue 15, item 4). */
export const DEFAULT_USAGE_THRESHOLDS_PCT = [80, 95] as const;
export type AppSettings = z.infer<typeof appSettingsSchema>;

export const DEFAULT_APP_SETTINGS: AppSettings = {
  version: 1,
  notifyThresholdsMin: [...DEFAULT_THRESHOLDS_MIN],
  mutedProfiles: [],
  startAtLogin: false,
};
