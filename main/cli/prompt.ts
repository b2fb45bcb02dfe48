// Terminal questions for the CLI: a secret without echo (passphrase, recovery phrase) and a y/N
// confirmation. Without a terminal they read one line from stdin, so scripts can pipe an answer.
import { createInterface } from 'node:readline';

function readLine(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: false });
  process.stderr.write(question);
  return new Promise((resolve) =>
    rl
      .once('line', (line) => {
        rl.close();
        resolve(line);
      })
      .once('close', () => resolve('')),
  );
}

export function askSecret(question: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) return readLine(question);
  process.stderr.write(question);
  stdin.setRawMode(true);
  stdin.resume();
  return new Promise((resolve, reject) => {
    let typed = '';
    const done = (error?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new Error('cancelled'));
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    stdin.on('data', onData);
  });
}

export async function confirm(question: string): Promise<boolean> {
  return /^y(es)?$/i.test((await readLine(`${question} [y/N] `)).trim());
}
