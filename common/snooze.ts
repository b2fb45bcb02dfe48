// The snooze lengths the owner can pick (hours), apart from governor.ts so that a UI can list them
// without loading the schemas.
export const SNOOZE_HOURS = [1, 3, 6, 12] as const;
