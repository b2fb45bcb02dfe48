// Bytes for the bridge (base64, as the node speaks) and the one thing the page reads from a signed
// transaction: the signature in the connected wallet's slot (wire form: shortvec count, then 64
// bytes per signature, then the message). The node verifies it; the page only carries it.
export function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text);
}

export function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

export function signatureAt(signedTransaction: Uint8Array, index: number): Uint8Array {
  let count = 0;
  let size = 0;
  for (; size < 3; size++) {
    const byte = signedTransaction[size] ?? 0;
    count |= (byte & 0x7f) << (7 * size);
    if ((byte & 0x80) === 0) break;
  }
  size++;
  if (index >= count) throw new Error(`the wallet returned a transaction with ${count} signatures`);
  const start = size + 64 * index;
  return signedTransaction.slice(start, start + 64);
}
