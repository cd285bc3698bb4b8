/**
 * True for a loopback peer (127.0.0.0/8, ::1, their IPv4-mapped forms) and for `local`, the in-process
 * `app.request` of tests, which has no socket at all.
 */
export function isLoopbackAddress(address: string): boolean {
  if (address === 'local' || address === '::1') return true;
  const ipv4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(ipv4);
}
