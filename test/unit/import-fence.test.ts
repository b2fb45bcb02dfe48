// The import fence in eslint.config.js, run on small snippets: each forbidden import must be
// reported by the fence's own rules, and the allowed ones must pass. The imports point at real files,
// so this also proves the TypeScript resolver finds them (no-restricted-paths skips what it cannot
// resolve, silently: a fence that resolves nothing would pass every import).
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const FENCE_RULES = ['import-x/no-restricted-paths', 'import-x/no-nodejs-modules', 'no-restricted-globals'];

// The real config, without type information (the snippets' paths are not in any tsconfig, and the
// fence does not need types) and with only the fence's rules, so nothing else can make a case pass.
const eslint = new ESLint({
  cwd: fileURLToPath(new URL('../..', import.meta.url)),
  overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
  ruleFilter: ({ ruleId }) => FENCE_RULES.includes(ruleId),
});

async function lint(filePath: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.map((m) => ({ rule: m.ruleId, message: m.message }));
}

const use = (specifier: string, name: string) =>
  `import { ${name} } from '${specifier}';\nexport const probe = ${name};\n`;

describe('import fence', () => {
  it.each([
    ['coordinator -> main', 'coordinator/probe.ts', use('../main/gpu/host/errors.js', 'GpuTimeoutError')],
    [
      'coordinator -> main (a type)',
      'coordinator/probe.ts',
      "import type { DeviceIdentity } from '../main/identity/device-identity.js';\nexport type P = DeviceIdentity;\n",
    ],
    ['renderer -> main', 'renderer/probe.tsx', use('../main/node/headline.js', 'headline')],
    ['renderer -> common/node', 'renderer/probe.tsx', use('../common/node/hash.js', 'sha256Hex')],
    ['renderer -> node:fs', 'renderer/probe.tsx', use('node:fs', 'readFileSync')],
    ['common -> node:crypto', 'common/probe.ts', use('node:crypto', 'createHash')],
    ['common -> crypto (no prefix)', 'common/probe.ts', use('crypto', 'createHash')],
    ['common -> common/node', 'common/probe.ts', use('./node/ed25519.js', 'verifyDeviceSignature')],
    ['common -> main', 'common/probe.ts', use('../main/gpu/protocol.js', 'workerMessageSchema')],
    ['common -> Buffer', 'common/probe.ts', "export const probe = Buffer.from('a');\n"],
    ['common/node -> main', 'common/node/probe.ts', use('../../main/store/node-store.js', 'NodeStore')],
    ['main/core -> node:fs', 'main/core/probe.ts', use('node:fs', 'readFileSync')],
    [
      'main/core -> main/hardware',
      'main/core/probe.ts',
      use('../hardware/power.js', 'parsePowerSupplyUevent'),
    ],
    [
      'main -> coordinator outside the sandbox starters',
      'main/cli/probe.ts',
      use('../../coordinator/start-network.js', 'startNetwork'),
    ],
    ['GPU worker -> host', 'main/gpu/worker/probe.ts', use('../host/errors.js', 'GpuTimeoutError')],
    ['preload -> main', 'preload/probe.ts', use('../main/gpu/protocol.js', 'workerMessageSchema')],
  ])('reports %s', async (_name, filePath, code) => {
    const messages = await lint(filePath, code);
    expect(messages.length).toBeGreaterThan(0);
    for (const m of messages) expect(FENCE_RULES).toContain(m.rule);
  });

  it.each([
    [
      'coordinator -> common, common/node and packages',
      'coordinator/probe.ts',
      `${use('../common/io-units.js', 'formatIo')}${use('../common/node/hash.js', 'sha256Hex').replace('probe', 'probe2')}${use('zod', 'z').replace('probe', 'probe3')}`,
    ],
    ['renderer -> common', 'renderer/probe.tsx', use('../common/dashboard-api.js', 'nodeStateSchema')],
    [
      'common/node -> common and node:crypto',
      'common/node/probe.ts',
      `${use('../canonical-json.js', 'canonicalJson')}${use('node:crypto', 'createHash').replace('probe', 'probe2')}`,
    ],
    ['main -> common/node', 'main/cli/probe.ts', use('../../common/node/atomic-file.js', 'writeFileAtomic')],
    [
      'the sandbox starter -> coordinator',
      'main/cli/network-command.ts',
      use('../../coordinator/start-network.js', 'startNetwork'),
    ],
    ['main/core -> common', 'main/core/probe.ts', use('../../common/governor.js', 'governorPolicySchema')],
    [
      'host -> worker types',
      'main/gpu/host/probe.ts',
      "import type { WorkerTaskName } from '../worker/worker-tasks.js';\nexport type P = WorkerTaskName;\n",
    ],
  ])('allows %s', async (_name, filePath, code) => {
    expect(await lint(filePath, code)).toEqual([]);
  });
}, 60_000);
