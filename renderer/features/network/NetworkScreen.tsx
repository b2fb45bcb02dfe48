export function NetworkScreen() {
  return <h1>Network</h1>;
}
