// Figures for people (verdicts, status lines, the UI): decimal units, one decimal. Renderer-safe.

/** 12_345_678 -> "12.3 MB": decimal units, as vendors state memory sizes. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${(bytes / 1e3).toFixed(1)} kB`;
}
