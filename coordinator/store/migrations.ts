// Numbered schema migrations. Each runs once, inside one transaction with its schema_version row,
// so a crash mid-migration leaves the previous version intact. Append new ones; never edit old ones.
// Money columns are TEXT holding decimal integers: SQLite's INTEGER is 64-bit signed, and IO base
// units summed over a network's life can pass it; the code reads them as bigint.
import { STAKING_MIGRATION } from '../staking/migration.js';

export const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'devices, jobs, leases, results, ledger, nonces',
    sql: `
CREATE TABLE devices (
  id TEXT PRIMARY KEY,              -- base58 ed25519 public key
  public_key BLOB NOT NULL,
  hardware_json TEXT NOT NULL,
  benchmark_json TEXT NOT NULL,
  gpu_count INTEGER NOT NULL,
  claimed_class TEXT,
  proven_class TEXT,
  proven_gflops REAL,
  -- the stored part of the status; 'inactive' and 'cluster-ready' are derived on each check
  base_status TEXT NOT NULL CHECK (base_status IN ('pending','verified','failed','blocked')),
  status TEXT NOT NULL,
  status_reason TEXT NOT NULL,
  next_check_at INTEGER,
  registered_at INTEGER NOT NULL,
  last_heartbeat_at INTEGER,
  online_since INTEGER,
  accepting INTEGER NOT NULL DEFAULT 0,
  accepting_reason TEXT NOT NULL DEFAULT '',
  disagreements INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE jobs (
  id TEXT PRIMARY KEY,              -- the coordinator's id, also the spec's id
  spec_json TEXT NOT NULL,         -- '' once settled: the inline inputs are most of the bytes
  spec_sha256 TEXT NOT NULL,
  verification TEXT NOT NULL CHECK (verification IN ('freivalds','canary','redundancy')),
  check_json TEXT NOT NULL,         -- what the verifier needs: seed and shape, expected hash
  tier INTEGER NOT NULL,
  flops INTEGER NOT NULL,           -- work done, for rewards
  group_id TEXT,                    -- redundancy: the twin jobs share it
  state TEXT NOT NULL CHECK (state IN ('queued','leased','submitted','verified','failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);
CREATE INDEX jobs_queue ON jobs (state, tier, created_at);
CREATE INDEX jobs_group ON jobs (group_id);
CREATE TABLE leases (
  id TEXT PRIMARY KEY,
  job_id TEXT NOT NULL REFERENCES jobs(id),
  device_id TEXT NOT NULL REFERENCES devices(id),
  leased_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('active','expired','submitted','cancelled'))
);
CREATE INDEX leases_active ON leases (state, expires_at);
CREATE INDEX leases_job ON leases (job_id);
CREATE TABLE results (
  lease_id TEXT PRIMARY KEY REFERENCES leases(id),
  job_id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  receipt_json TEXT NOT NULL,
  output_sha256 TEXT NOT NULL,
  kernel_ms REAL NOT NULL,
  verified INTEGER,                 -- null: awaiting a redundant twin
  reason TEXT NOT NULL,
  submitted_at INTEGER NOT NULL
);
CREATE INDEX results_job ON results (job_id);
CREATE TABLE ledger (
  id TEXT PRIMARY KEY,              -- the coordinator's entry id: clients key their copy by it
  device_id TEXT NOT NULL REFERENCES devices(id),
  job_id TEXT NOT NULL UNIQUE REFERENCES jobs(id), -- a job is credited at most once, whatever the code does
  gross TEXT NOT NULL,
  fee TEXT NOT NULL,
  amount TEXT NOT NULL,             -- gross - fee, what the device earns
  state TEXT NOT NULL CHECK (state IN ('pending','verified','paid','rejected')),
  created_at INTEGER NOT NULL,
  payout_id TEXT
);
CREATE INDEX ledger_device ON ledger (device_id, state);
CREATE TABLE used_nonces (
  device_id TEXT NOT NULL,
  nonce TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (device_id, nonce)
) WITHOUT ROWID;
CREATE INDEX used_nonces_expiry ON used_nonces (expires_at);
`,
  },
  {
    version: 2,
    name: 'payouts',
    sql: `
CREATE TABLE payouts (
  id TEXT PRIMARY KEY,              -- the coordinator's payout id (ledger.payout_id, the memo on chain)
  device_id TEXT NOT NULL REFERENCES devices(id),
  claim_id TEXT NOT NULL,           -- the client's idempotency key
  wallet TEXT NOT NULL,             -- owner address the IO goes to
  token_account TEXT NOT NULL,      -- the wallet's associated IO token account
  amount TEXT NOT NULL,
  -- sending: signed and recorded, maybe on chain (checked before any resend); paid; failed: refused
  state TEXT NOT NULL CHECK (state IN ('sending','paid','failed')),
  signature TEXT NOT NULL,          -- known once signed, stored before the transaction is sent
  tx_base64 TEXT NOT NULL,          -- the signed transaction, resent as is while its blockhash lives
  blockhash TEXT NOT NULL,
  last_valid_height INTEGER NOT NULL, -- past this block height the transaction can never land
  reason TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  settled_at INTEGER,
  UNIQUE (device_id, claim_id)
);
CREATE INDEX payouts_state ON payouts (state);
CREATE INDEX ledger_payout ON ledger (payout_id);
`,
  },
  {
    version: 3,
    name: 'proof of GPU challenges and schedule',
    sql: `
CREATE TABLE proof_challenges (
  id TEXT PRIMARY KEY,              -- the challenge id the device answers with
  device_id TEXT NOT NULL REFERENCES devices(id),
  challenge_json TEXT NOT NULL,     -- the challenge as sent (seed, size, class, deadline, nonce)
  issued_at INTEGER NOT NULL,       -- the coordinator's clock: the timed phase runs from here
  -- open: waiting for the commitment; committed: openings sent; done: verdict given;
  -- void: replaced by a newer challenge before it was done
  state TEXT NOT NULL CHECK (state IN ('open','committed','done','void')),
  commitment_json TEXT,             -- the accepted commitment (block roots) the openings must reach
  openings_json TEXT,               -- the segments asked for, drawn after the commitment arrived
  elapsed_ms REAL,                  -- issue to commitment on the coordinator's clock
  measured_gflops REAL,
  verdict_json TEXT,
  settled_at INTEGER
);
CREATE INDEX proof_challenges_device ON proof_challenges (device_id, state);
-- when the device must next prove itself: set by a verdict (interval or retry), null: none scheduled
ALTER TABLE devices ADD COLUMN proof_due_at INTEGER;
-- A device verified before this migration never proved anything (claims were trusted): it is due.
UPDATE devices SET proof_due_at = CASE base_status
  WHEN 'verified' THEN registered_at WHEN 'blocked' THEN NULL ELSE next_check_at END;
`,
  },
  { version: 4, ...STAKING_MIGRATION },
  {
    version: 5,
    name: 'proof of GPU memory phase',
    // SQLite cannot widen a CHECK in place: the table is rebuilt with the memory phase's states.
    sql: `
CREATE TABLE proof_challenges_v5 (
  id TEXT PRIMARY KEY,
  device_id TEXT NOT NULL REFERENCES devices(id),
  challenge_json TEXT NOT NULL,
  issued_at INTEGER NOT NULL,
  -- open, committed: the compute phase (as before); filling: compute passed, waiting for the device's
  -- "buffer filled"; walking: walk seed sent, the walk is timed; walked: walk openings sent;
  -- done: verdict given; void: replaced by a newer challenge; expired: left unanswered too long
  state TEXT NOT NULL CHECK (state IN ('open','committed','filling','walking','walked','done','void','expired')),
  commitment_json TEXT,
  openings_json TEXT,
  elapsed_ms REAL,
  measured_gflops REAL,
  verdict_json TEXT,                -- the final verdict (both phases)
  settled_at INTEGER,
  compute_verdict_json TEXT,        -- the compute phase's accepted verdict, while the memory phase runs
  memory_ready_json TEXT,           -- the signed "buffer filled" message
  walk_json TEXT,                   -- the walk seed sent
  walk_issued_at INTEGER,           -- the coordinator's clock when it was sent: the walk is timed from here
  memory_commitment_json TEXT,      -- the accepted walk commitment (batch roots)
  memory_openings_json TEXT,        -- the walkers asked for, drawn after the walk commitment arrived
  memory_elapsed_ms REAL            -- walk seed to walk commitment on the coordinator's clock
);
INSERT INTO proof_challenges_v5 (id, device_id, challenge_json, issued_at, state, commitment_json,
    openings_json, elapsed_ms, measured_gflops, verdict_json, settled_at)
  SELECT id, device_id, challenge_json, issued_at, state, commitment_json, openings_json, elapsed_ms,
    measured_gflops, verdict_json, settled_at FROM proof_challenges;
DROP TABLE proof_challenges;
ALTER TABLE proof_challenges_v5 RENAME TO proof_challenges;
CREATE INDEX proof_challenges_device ON proof_challenges (device_id, state);
CREATE INDEX proof_challenges_state ON proof_challenges (state, issued_at);
-- the GPU memory the last passed proof showed the device holding; null: no memory phase
ALTER TABLE devices ADD COLUMN proven_memory_bytes INTEGER;
`,
  },
  {
    version: 6,
    name: 'GPU memory a job needs',
    sql: `
-- resources.memoryBytes of the spec, else the sum of its buffers (jobMemoryBytes): a job is leased
-- only to a device whose proof showed at least this much GPU memory
ALTER TABLE jobs ADD COLUMN memory_bytes INTEGER NOT NULL DEFAULT 0;
UPDATE jobs SET memory_bytes = COALESCE(json_extract(spec_json, '$.resources.memoryBytes'),
    (SELECT COALESCE(SUM(json_extract(b.value, '$.source.size')), 0) FROM json_each(spec_json, '$.bindings') b))
  WHERE spec_json <> '' AND json_valid(spec_json);
`,
  },
];
