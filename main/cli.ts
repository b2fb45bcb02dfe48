// The `io-provider` command line. Headless studios run the node with it; everyone can benchmark.
import { Command } from 'commander';
import packageJson from '../package.json' with { type: 'json' };
import { benchmarkCommand } from './cli/benchmark-command.js';
import { hardwareCommand } from './cli/hardware-command.js';
import { networkCommand } from './cli/network-command.js';
import { proveCommand } from './cli/prove-command.js';
import { runCommand } from './cli/run-command.js';
import { runJobCommand } from './cli/run-job-command.js';
import { statusCommand } from './cli/status-command.js';
import { registerWalletCommands } from './cli/wallet-command.js';

const program = new Command('io-provider')
  .description('Turn an idle GPU into paid compute on a decentralized GPU network (IO rewards on Solana).')
  .version(packageJson.version);

program
  .command('run')
  .description('run the provider node: earn from jobs when this PC allows (dashboard on loopback)')
  .option('--network <url>', 'coordinator URL (default: start the embedded sandbox network)')
  .option('--data <dir>', 'state folder (default: the platform data folder)')
  .option('--port <port>', 'dashboard port on 127.0.0.1 (default: any free one)')
  .action(runCommand);

program
  .command('status')
  .description("print the running node's state")
  .option('--json', 'print one JSON object on stdout')
  .option('--data <dir>', 'state folder of the node (default: the platform data folder)')
  .action(statusCommand);

program
  .command('benchmark')
  .description('measure this GPU: FMA peak, memory bandwidth, f32/f16 matmul (every figure verified)')
  .option('--quick', 'shorter measurements (under a minute even on a CPU adapter)')
  .option('--json', 'print one JSON object on stdout')
  .option('--html <file>', 'also write a self-contained HTML report to <file>')
  .option('--data <dir>', 'state folder (default: the platform data folder)')
  .action(benchmarkCommand);

program
  .command('hardware')
  .description('show GPUs, driver, CPU, memory and the WebGPU adapter this app would use')
  .option('--json', 'print one JSON object on stdout')
  .action(hardwareCommand);

program
  .command('run-job')
  .description('run one compute job spec (docs/job-spec.md) locally in the GPU worker')
  .argument('<file>', 'the job spec, JSON')
  .option('--json', 'print one JSON object (receipt and timings) on stdout')
  .option('--inputs <dir>', 'folder of content-addressed inputs named by sha256 (default: the spec folder)')
  .option('--out <dir>', 'write each output to <dir>/binding<N>.bin')
  .option('--data <dir>', 'state folder holding the device key (default: the platform data folder)')
  .action(runJobCommand);

program
  .command('prove')
  .description('run a proof-of-GPU challenge (docs/proof-of-gpu.md)')
  .option('--self-check', 'answer one full challenge from the built-in verifier')
  .option('--quick', 'a smoke test with a small challenge (not a proof)')
  .option('--json', 'print one JSON object on stdout')
  .option('--data <dir>', 'state folder holding the device key (default: the platform data folder)')
  .action(proveCommand);

program
  .command('network')
  .description('run the sandbox network (local Solana chain + reference coordinator) standalone')
  .option('--port <port>', 'coordinator port (default: any free one)')
  .option('--data <dir>', 'state folder (default: <platform data folder>/network)')
  .action(networkCommand);

registerWalletCommands(program);

await program.parseAsync(process.argv);
