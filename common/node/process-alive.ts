// Whether a process id names a live process: the data-folder locks (the node's, the local chain's)
// use it to take over a lock left by a process that died.
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
