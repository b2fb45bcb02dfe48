export function EarningsScreen() {
  return <h1>Earnings</h1>;
}
