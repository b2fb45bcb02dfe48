import { useApp } from '../store/app-store.js';
import { ROUTE_LABELS, ROUTES } from '../store/routes.js';

export function Nav() {
  const route = useApp((s) => s.route);
  const earning = useApp((s) => s.state?.earning ?? false);
  return (
    <nav className="nav" aria-label="Main">
      <div className="brand">
        <span className={`brand-dot ${earning ? 'on' : ''}`} aria-hidden="true" />
        io-provider
      </div>
      <ul>
        {ROUTES.map((r) => (
          <li key={r}>
            <a href={`#/${r}`} aria-current={r === route ? 'page' : undefined}>
              {ROUTE_LABELS[r]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
