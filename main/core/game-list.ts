// Built-in names that mean "the owner is playing": pausing for them is the feature providers' users
// ask for most (BOINC #818, QuickMiner #939), and networks block devices that game while listed.
//
// Names only, compared after normalizeProcessName (lower case, no path, no .exe): Proton games keep
// their Windows names on Linux, native ports appear without a suffix. A false positive is cheap for the
// owner to fix (the reason names the process; GovernorApps.ignoredApps overrides); a miss costs their
// frame rate, so the list leans towards inclusion. Extend freely; keep entries sorted within a group.

/** Game executables, by publisher or store where they are best known. */
const GAMES = [
  // Valve
  'cs2',
  'csgo',
  'dota2',
  'hl2',
  'hl2_linux',
  'left4dead2',
  'portal2',
  'portal2_linux',
  'project8',
  'tf_win64',
  // Epic and Unreal-engine titles sold there
  'fortniteclient-win64-shipping',
  'rocketleague',
  // Riot
  'league of legends',
  'valorant',
  'valorant-win64-shipping',
  // Blizzard / Activision
  'cod',
  'diablo iii64',
  'diablo iv',
  'heroesofthestorm_x64',
  'hearthstone',
  'modernwarfare',
  'overwatch',
  'sc2_x64',
  'wow',
  'wowclassic',
  // EA
  'bf1',
  'bf2042',
  'bf4',
  'bfv',
  'fc24',
  'fc25',
  'r5apex',
  'r5apex_dx12',
  'ts4_x64',
  // FromSoftware, Bandai Namco
  'armoredcore6',
  'darksoulsiii',
  'eldenring',
  'nightreign',
  'sekiro',
  'polaris-win64-shipping',
  // Rockstar, CD Projekt, Bethesda, Larian
  'bg3',
  'bg3_dx11',
  'cyberpunk2077',
  'fallout4',
  'gta5',
  'gta5_enhanced',
  'playgtav',
  'rdr2',
  'skyrimse',
  'starfield',
  'witcher3',
  // Shooters and survival
  'deadbydaylight-win64-shipping',
  'destiny2',
  'escapefromtarkov',
  'helldivers2',
  'marvel-win64-shipping',
  'palworld-win64-shipping',
  'rainbowsix',
  'rainbowsix_vulkan',
  'rustclient',
  'tslgame',
  // Open worlds, action, sims
  'b1-win64-shipping',
  'eurotrucks2',
  'amtrucks',
  'factorio',
  'factorygamesteam-win64-shipping',
  'flightsimulator',
  'flightsimulator2024',
  'forzahorizon4',
  'forzahorizon5',
  'hogwartslegacy',
  'monsterhunterrise',
  'monsterhunterwilds',
  'sotgame',
  'stardew valley',
  'streetfighter6',
  'terraria',
  // Free-to-play and gacha titles popular with gamers who lend GPUs
  'genshinimpact',
  'narakabladepoint',
  'robloxplayerbeta',
  'starrail',
  'warframe.x64',
  'worldoftanks',
  'zenlesszonezero',
  // MMOs and racing sims
  'ffxiv_dx11',
  'iracingsim64dx11',
  'ac2-win64-shipping',
] as const;

/**
 * Processes that run only while a game runs: an overlay or anti-cheat started with the game. They
 * catch games this list does not know by name.
 */
const GAME_COMPANIONS = ['gameoverlayui', 'easyanticheat', 'easyanticheat_eos', 'beservice', 'beservice_x64'];

export const BUILT_IN_GAMES: ReadonlySet<string> = new Set<string>([...GAMES, ...GAME_COMPANIONS]);

/**
 * Launchers whose children are games, keyed by normalized process name, with the name the reason
 * shows. A child that is not a helper (below) is taken to be a game the list does not know yet.
 */
export const LAUNCHERS: ReadonlyMap<string, string> = new Map([
  ['steam', 'Steam'],
  ['steam_osx', 'Steam'],
  ['epicgameslauncher', 'Epic Games'],
  ['battle.net', 'Battle.net'],
  ['eadesktop', 'EA app'],
  ['riotclientservices', 'Riot Client'],
  ['upc', 'Ubisoft Connect'],
  ['galaxyclient', 'GOG Galaxy'],
]);

/**
 * Launchers' per-game wrapper processes, shown by what they stand for: Steam on Linux starts each
 * game (native or Proton) under a `reaper` child, whose own children are script and runtime layers.
 */
export const LAUNCH_WRAPPERS: ReadonlyMap<string, string> = new Map([['reaper', 'a Steam game']]);

/**
 * Launchers' own helper processes (web views, crash reporters, updaters, driver probes, shader
 * pre-compilers): children of a launcher that are not games.
 */
export const LAUNCHER_HELPER =
  /^(steam|epic|battle\.net|blizzard|ea|riot|upc|ubisoft|galaxy|gog)|helper|webhelper|crash|report|update|service|cef|qtwebengine|agent|installer|setup|uninst|driverquery|fossilize|pressure-vessel|srt-|^sh$|^bash$/;
