// The Electron fuses the packed app gets (scripts/after-pack-fuses.mjs flips them): no running the
// binary as plain Node (ELECTRON_RUN_AS_NODE), no NODE_OPTIONS or --inspect, cookies encrypted,
// the asar checked against its integrity hash and the only place app code loads from.
import { FuseV1Options, FuseVersion } from '@electron/fuses';

export function fuseConfig() {
  return {
    version: FuseVersion.V1,
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableCookieEncryption]: true,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  };
}

/** The Electron executable inside electron-builder's output folder for a platform. */
export function electronBinaryPath(appOutDir, platform, productFilename) {
  if (platform === 'darwin' || platform === 'mas')
    return `${appOutDir}/${productFilename}.app/Contents/MacOS/${productFilename}`;
  if (platform === 'win32') return `${appOutDir}/${productFilename}.exe`;
  return `${appOutDir}/${productFilename.toLowerCase().replace(/ /g, '-')}`;
}
