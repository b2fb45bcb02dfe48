// Signs a built release file for the app's update check (main/electron/update/release-signature.ts,
// loaded through tsx so there is one implementation of the signed message):
//   node scripts/sign-release.mjs --new-key release-key.pem        makes a key; prints the public key
//   node scripts/sign-release.mjs --key release-key.pem --version 1.2.3 release/io-provider-1.2.3.AppImage
// writes <file>.sig.json next to the file; upload it to the feed beside the file and latest.yml.
// The public key goes into resources/update.json ({"feedUrl", "publicKey"}) of the app being built.
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { tsImport } from 'tsx/esm/api';

const signature = await tsImport('../main/electron/update/release-signature.ts', import.meta.url);
const { values, positionals } = parseArgs({
  options: { key: { type: 'string' }, version: { type: 'string' }, 'new-key': { type: 'string' } },
  allowPositionals: true,
});

const fail = (message) => {
  console.error(`sign-release: ${message}`);
  process.exit(1);
};

if (values['new-key']) {
  const out = values['new-key'];
  if (existsSync(out)) fail(`${out} exists: refusing to overwrite a key`);
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' });
  writeFileSync(out, pem, { mode: 0o600 });
  console.log(JSON.stringify({ privateKey: out, publicKey: signature.publicKeyOfPem(pem) }));
} else {
  if (!values.key || !values.version || positionals.length !== 1)
    fail('usage: --key KEY.pem --version X.Y.Z FILE   (or --new-key KEY.pem)');
  if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(values.version)) fail(`not a version: ${values.version}`);
  const file = positionals[0];
  if (!existsSync(file)) fail(`no such file: ${file}`);
  const sig = await signature.signRelease(file, values.version, readFileSync(values.key, 'utf8'));
  writeFileSync(`${file}.sig.json`, `${JSON.stringify(sig, null, 2)}\n`);
  console.log(`${file}.sig.json written (version ${sig.version}, sha256 ${sig.sha256})`);
}
