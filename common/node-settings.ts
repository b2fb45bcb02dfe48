// The provider node's settings as the owner edits them (dashboard, later the desktop UI), stored in
// settings.json in the data folder. Every field has a default, so `nodeSettingsSchema.parse({})` is a
// complete first-start configuration and a damaged file can always be replaced by a working one.
import { z } from 'zod';
import { governorPolicySchema } from './governor.js';

export const nodeSettingsSchema = z.object({
  version: z.literal(1).default(1),
  /** When this PC may compute: modes, schedule, limits, apps (see common/governor.ts). */
  governor: governorPolicySchema.prefault({}),
  /** A friendly name shown in the dashboard ("Studio workstation 3"); the device id stays the key. */
  deviceName: z.string().max(80).default(''),
  /** The owner went through the first-run screens (how to share, temperature, network). */
  onboarded: z.boolean().default(false),
  /** The network to join; null: the embedded sandbox. Takes effect at the next start. */
  networkUrl: z
    .url({ protocol: /^https?$/ })
    .nullable()
    .default(null),
});
export type NodeSettings = z.infer<typeof nodeSettingsSchema>;

/** What a settings update may change: each field optional; the governor policy is replaced whole. */
export const nodeSettingsPatchSchema = z
  .object({
    governor: governorPolicySchema.optional(),
    deviceName: z.string().max(80).optional(),
    onboarded: z.boolean().optional(),
    networkUrl: z
      .url({ protocol: /^https?$/ })
      .nullable()
      .optional(),
  })
  .strict();
export type NodeSettingsPatch = z.infer<typeof nodeSettingsPatchSchema>;
