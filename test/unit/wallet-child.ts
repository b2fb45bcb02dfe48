// A wallet service in a process of its own, for the kill -9 tests: it stakes 100 IO or claims, and
// IO_PROVIDER_WALLET_CRASH_AT (main/wallet/crash-point.ts) kills it at the point named.
// Args: dataDir coordinatorUrl stake|claim
import { loadOrCreateDeviceIdentity } from '../../main/identity/device-identity.js';
import { CoordinatorClient } from '../../main/network/coordinator-client.js';
import { WalletService } from '../../main/wallet/wallet-service.js';
import { PASSPHRASE, testKeyVault } from './wallet-fixture.js';

const [dataDir, baseUrl, op] = process.argv.slice(2) as [string, string, string];
const identity = loadOrCreateDeviceIdentity(dataDir);
const wallet = new WalletService({
  dataDir,
  client: new CoordinatorClient({ baseUrl, identity }),
  deviceId: identity.deviceId,
  sandbox: true,
  keyVault: testKeyVault(dataDir),
});
await wallet.start();
if (op === 'stake') {
  await wallet.unlock(PASSPHRASE);
  const request = await wallet.staking.prepareStake('100');
  await wallet.signing.confirm(request.requestId);
} else await wallet.payouts.claim();
process.stdout.write('finished without a crash\n');
process.exit(0);
