// electron-builder afterPack hook: flips the fuses of scripts/fuses.mjs on the packed Electron
// binary, before electron-builder signs it (macOS: the ad-hoc signature is reset when arm64).
import { flipFuses } from '@electron/fuses';
import { electronBinaryPath, fuseConfig } from './fuses.mjs';

export default async function afterPack(context) {
  const platform = context.electronPlatformName;
  const binary = electronBinaryPath(context.appOutDir, platform, context.packager.appInfo.productFilename);
  await flipFuses(binary, {
    ...fuseConfig(),
    resetAdHocDarwinSignature: platform === 'darwin' && context.arch === 3, // Arch.arm64
  });
  console.log(`fuses flipped on ${binary}`);
}
