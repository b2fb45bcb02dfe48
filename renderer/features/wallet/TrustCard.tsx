// What this app trusts on this network, in full: the cluster, the IO mint and the programs the
// signer accepts. A look-alike token or program with a similar name has a different address.
import type { ChainPins } from '../../../common/wallet-api.js';
import { Badge, Row } from '../../app/ui.js';
import { CLUSTER_LABELS, explorerLink } from './wallet-format.js';

export function TrustCard({ pins }: { pins: ChainPins }) {
  const mintUrl = pins.ioMint ? explorerLink(pins, 'address', pins.ioMint) : null;
  return (
    <section className="card wide" aria-labelledby="trust-title">
      <h2 id="trust-title">What this app trusts</h2>
      <p className="small dim">
        The app signs only transactions that use exactly these addresses. A token called “IO” at any other
        mint address is not IO.
      </p>
      <Row label="Network">
        <span className="inline">
          {CLUSTER_LABELS[pins.cluster] ?? pins.cluster}
          {pins.cluster === 'mainnet-beta' ? (
            <Badge tone="warn">real money</Badge>
          ) : (
            <Badge tone="neutral">test</Badge>
          )}
        </span>
      </Row>
      {pins.rpcUrl && (
        <Row label="RPC">
          <span className="mono wrap small">{pins.rpcUrl}</span>
        </Row>
      )}
      <Row label={`IO mint (${pins.decimals} decimals)`}>
        {pins.ioMint ? (
          mintUrl ? (
            <a
              className="mono wrap small"
              href={mintUrl}
              target="_blank"
              rel="noreferrer noopener"
              data-testid="io-mint"
            >
              {pins.ioMint}
            </a>
          ) : (
            <span className="mono wrap small" data-testid="io-mint">
              {pins.ioMint}
            </span>
          )
        ) : (
          <span className="dim">not known yet (the network has not said)</span>
        )}
      </Row>
      {Object.entries(pins.programs).map(([name, id]) => (
        <Row key={name} label={`${name} program`}>
          <span className="mono wrap small">{id}</span>
        </Row>
      ))}
    </section>
  );
}
