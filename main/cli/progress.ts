// A one-line progress indicator on stderr, drawn only for a person at a terminal: stdout stays
// clean for --json, and logs from a service manager do not fill with carriage returns.

export interface Progress {
  update(label: string, fraction: number): void;
  done(): void;
}

export function createProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { update: () => undefined, done: () => undefined };
  const width = 24;
  let drawn = false;
  return {
    update(label, fraction) {
      const clamped = Math.max(0, Math.min(1, fraction));
      const filled = Math.round(clamped * width);
      const bar = '#'.repeat(filled) + '.'.repeat(width - filled);
      const line = `[${bar}] ${String(Math.round(clamped * 100)).padStart(3)}%  ${label}`;
      stream.write(`\r${line.slice(0, (stream.columns ?? 80) - 1).padEnd((stream.columns ?? 80) - 1)}`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write(`\r${' '.repeat((stream.columns ?? 80) - 1)}\r`);
      drawn = false;
    },
  };
}
