// Without a valid token the page shows nothing of the node: only how to open it properly.
import { useApp } from '../store/app-store.js';

export function Unauthorized({ reason }: { reason: string }) {
  const transport = useApp((s) => s.transport);
  return (
    <main id="main" className="wizard">
      <div className="card stack" role="alert">
        <h1>Open the dashboard from the URL that io-provider run printed</h1>
        <p>{reason}</p>
        <p className="dim">
          The node prints a line like <code>dashboard http://127.0.0.1:PORT/?token=…</code> when it starts.
          The token keeps other programs and web pages away from your node.
        </p>
        <div className="buttons">
          <button type="button" onClick={() => transport.reconnectNow()}>
            Try again
          </button>
        </div>
      </div>
    </main>
  );
}
