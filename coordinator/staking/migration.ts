// The staking tables, as one migration for coordinator/store/migrations.ts to append (the next
// version number). Money is TEXT holding decimal integers, read as bigint, like the ledger's.

export const STAKING_MIGRATION = {
  name: 'staking vaults, unstake requests, deposits',
  sql: `
CREATE TABLE stake_vaults (
  device_id TEXT PRIMARY KEY REFERENCES devices(id),
  wallet TEXT NOT NULL,             -- the owner: multisig signer 1, and the only release destination
  cosigner TEXT NOT NULL,           -- the network's staking key: multisig signer 2
  multisig TEXT NOT NULL UNIQUE,    -- created with a seed off the cosigner: only the network can make it
  seed TEXT NOT NULL,
  vault TEXT NOT NULL UNIQUE,       -- the multisig's associated IO token account, where stake sits
  -- creating: recorded before the transaction is sent (the wallet is fixed from here on); ready: on chain
  state TEXT NOT NULL CHECK (state IN ('creating','ready')),
  created_at INTEGER NOT NULL
);
CREATE TABLE stake_unstakes (
  id TEXT PRIMARY KEY,
  device_id TEXT NOT NULL REFERENCES devices(id),
  request_id TEXT NOT NULL,         -- the client's idempotency key
  amount TEXT NOT NULL,
  -- cooldown: not released (releasable once release_at passed); releasing: a release transaction is
  -- signed and recorded, maybe on chain (checked before another is signed); released: on chain
  state TEXT NOT NULL CHECK (state IN ('cooldown','releasing','released')),
  requested_at INTEGER NOT NULL,
  release_at INTEGER NOT NULL,
  signature TEXT,                   -- the release transaction's id, known once the network signed it
  tx_base64 TEXT,                   -- what the network signed, handed out again while it can land
  last_valid_height INTEGER,        -- past this block height that transaction can never land
  reason TEXT NOT NULL DEFAULT '',
  released_at INTEGER,
  UNIQUE (device_id, request_id)
);
CREATE INDEX stake_unstakes_state ON stake_unstakes (state);
CREATE TABLE stake_deposits (
  signature TEXT PRIMARY KEY,       -- a memo-tagged transfer into the vault
  device_id TEXT NOT NULL REFERENCES devices(id),
  amount TEXT NOT NULL,
  source_owner TEXT,
  slot INTEGER NOT NULL,
  block_time INTEGER
);
CREATE INDEX stake_deposits_device ON stake_deposits (device_id, slot);
`,
} as const;
