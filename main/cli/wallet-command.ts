// `io-provider wallet ...`: the wallet of the node running on a data folder, through its dashboard
// API (the same calls the UI makes). Exit codes: 0 done, 1 refused or failed (one sentence on
// stderr), 3 no node running. Passphrases come from --passphrase-file, IO_PROVIDER_PASSPHRASE, or a
// prompt without echo; stake and withdraw print the decoded request and ask y/N unless --yes.
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { formatIo, formatUnits } from '../../common/io-units.js';
import type { SigningRequest } from '../../common/wallet-api.js';
import { defaultDataDir } from '../store/data-dir.js';
import { callNode, withExitCode } from './node-call.js';
import { askSecret, confirm } from './prompt.js';

interface Common {
  data?: string;
  json?: boolean;
  yes?: boolean;
  passphraseFile?: string;
}

const out = (o: Common, json: unknown, text: string) =>
  process.stdout.write(o.json ? `${JSON.stringify(json)}\n` : `${text}\n`);

async function passphrase(o: Common, question = 'Passphrase: '): Promise<string> {
  if (o.passphraseFile) return readFileSync(o.passphraseFile, 'utf8').replace(/\r?\n$/, '');
  return process.env.IO_PROVIDER_PASSPHRASE ?? (await askSecret(question));
}

function describe(r: SigningRequest): string {
  return [
    r.title,
    ...r.instructions.map((i, n) => `  ${n + 1}. ${i.description}  [${i.programName}]`),
    ...r.rules.map((rule) => `  - ${rule}`),
    `  expires ${new Date(r.expiresAt).toISOString()}`,
  ].join('\n');
}

/** Shows the decoded request, asks y/N (unless --yes), confirms or cancels it; exit 1 unless confirmed. */
async function sign(dataDir: string, o: Common, request: SigningRequest): Promise<void> {
  if (!o.json || !o.yes) process.stderr.write(`${describe(request)}\n`);
  if (!o.yes && !(await confirm('Sign and send?'))) {
    await callNode(dataDir, 'cancelSigning', { requestId: request.requestId });
    throw new Error('cancelled: nothing was signed');
  }
  const done = await callNode(dataDir, 'confirmSigning', { requestId: request.requestId });
  out(o, done, `${done.state}: ${done.reason}${done.signature ? ` (${done.signature})` : ''}`);
  if (done.state !== 'confirmed' && done.state !== 'sent') throw new Error(done.reason);
}

export function registerWalletCommands(program: Command): void {
  const wallet = program
    .command('wallet')
    .description("the node's wallet: create, stake, unstake, withdraw, claim (talks to the running node)");
  const add = (
    name: string,
    description: string,
    run: (dataDir: string, o: Common, ...args: string[]) => Promise<void>,
  ) =>
    wallet
      .command(name)
      .description(description)
      .option('--data <dir>', 'state folder of the running node (default: the platform data folder)')
      .option('--json', 'print one JSON object on stdout')
      .option('--yes', 'sign without asking y/N')
      .option('--passphrase-file <file>', 'read the passphrase from a file (or set IO_PROVIDER_PASSPHRASE)')
      .action((...args: unknown[]) => {
        const positional = args.filter((a): a is string => typeof a === 'string');
        const o = args.find((a) => a && typeof a === 'object' && !('commands' in a)) as Common;
        return withExitCode(() => run(o.data ?? defaultDataDir(), o, ...positional));
      });

  add('create', 'make an in-app wallet; prints its recovery phrase once', async (dataDir, o) => {
    const pass = await passphrase(o, 'New passphrase (at least 8 characters): ');
    const made = await callNode(dataDir, 'createWallet', { words: 12, passphrase: pass });
    out(
      o,
      made,
      `Wallet ${made.wallet.address}\n\nRecovery phrase (shown once: write it down and keep it offline; anyone with it owns this wallet):\n\n  ${made.mnemonic}\n`,
    );
  });
  add('import', 'import a recovery phrase (asked without echo)', async (dataDir, o) => {
    const secret = await askSecret('Recovery phrase: ');
    const pass = await passphrase(o, 'New passphrase (at least 8 characters): ');
    const state = await callNode(dataDir, 'importWallet', { format: 'mnemonic', secret, passphrase: pass });
    out(o, state, `Imported ${state.address}`);
  });
  add('show', 'the wallet, its balances and this device’s stake', async (dataDir, o) => {
    const state = await callNode(dataDir, 'getWallet', {});
    if (!state.address) {
      out(o, { wallet: state }, 'No wallet yet: `io-provider wallet create`.');
      return;
    }
    const balances = await callNode(dataDir, 'getBalances', {});
    const staking = await callNode(dataDir, 'getStaking', {}).catch(() => null);
    out(
      o,
      { wallet: state, balances, staking },
      [
        `${state.kind} wallet ${state.address}${state.locked ? ' (locked)' : ''} on ${state.pins.cluster}`,
        `  SOL ${formatUnits(BigInt(balances.lamports), 9)}   IO ${formatIo(BigInt(balances.io))}`,
        staking
          ? `  staked ${formatIo(BigInt(staking.stake.staked))} of ${formatIo(BigInt(staking.stake.minimum))} needed; unstaking ${formatIo(BigInt(staking.stake.unstaking))}`
          : '',
        ...(staking?.stake.unstakes ?? []).map(
          (u) =>
            `  unstake ${u.requestId}: ${formatIo(BigInt(u.amount))} ${u.state}, releasable ${u.releaseAt}`,
        ),
      ].join('\n'),
    );
  });
  add('lock', 'forget the unlocked key until the next unlock', async (dataDir, o) => {
    out(o, await callNode(dataDir, 'lockWallet', {}), 'Locked.');
  });
  add('unlock', 'unlock the in-app wallet with its passphrase', async (dataDir, o) => {
    const state = await callNode(dataDir, 'unlockWallet', { passphrase: await passphrase(o) });
    out(o, state, `Unlocked ${state.address}.`);
  });
  add('stake', 'stake AMOUNT IO on this device', async (dataDir, o, amount) => {
    await sign(dataDir, o, await callNode(dataDir, 'prepareStake', { amount: amount ?? '' }));
  });
  add('unstake', 'ask the network to release AMOUNT IO after the cooldown', async (dataDir, o, amount) => {
    const view = await callNode(dataDir, 'unstake', { amount: amount ?? '' });
    const last = view.stake.unstakes.at(-1);
    out(
      o,
      view,
      `Unstaking ${formatIo(BigInt(view.stake.unstaking))}; withdraw after ${last?.releaseAt ?? 'the cooldown'} (request ${last?.requestId}).`,
    );
  });
  add(
    'withdraw',
    'withdraw released stake (REQUEST_ID, default: the first releasable one)',
    async (dataDir, o, id) => {
      let requestId: string | undefined = id;
      if (!requestId) {
        const { stake } = await callNode(dataDir, 'getStaking', {});
        requestId = stake.unstakes.find((u) => u.state !== 'released')?.requestId;
        if (!requestId) throw new Error('no unstake is waiting to be withdrawn');
      }
      await sign(dataDir, o, await callNode(dataDir, 'prepareWithdraw', { requestId }));
    },
  );
  add('claim', "pay this device's verified earnings to the wallet", async (dataDir, o) => {
    const view = await callNode(dataDir, 'claim', {});
    const last = view.payouts.at(-1);
    out(
      o,
      view,
      last ? `Payout ${last.state}: ${formatIo(BigInt(last.amount))} (${last.signature})` : 'Asked.',
    );
  });
  add('faucet', 'sandbox only: 2 SOL and 1000 IO from the local chain', async (dataDir, o) => {
    const r = await callNode(dataDir, 'sandboxFaucet', {});
    out(o, r, `Funded (${r.signature}).`);
  });
  for (const name of ['stake', 'unstake'])
    wallet.commands.find((c) => c.name() === name)!.argument('<amount>');
  wallet.commands.find((c) => c.name() === 'withdraw')!.argument('[requestId]');
}
