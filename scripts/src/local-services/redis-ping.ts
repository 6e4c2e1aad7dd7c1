import net from 'node:net';

/**
 * One RESP `PING` round trip. Resolves on `+PONG`; rejects on anything else, including
 * `-LOADING` while Redis is still reading its append-only file (not ready for BullMQ yet).
 */
export function pingRedis(host: string, port: number, timeoutMs: number = 1_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection({ host, port });
    let reply = '';
    const finish = (error?: Error): void => {
      socket.destroy();
      if (error) reject(error);
      else resolve();
    };
    socket.setTimeout(timeoutMs, () => finish(new Error(`no PING reply within ${timeoutMs} ms`)));
    socket.once('error', finish);
    socket.once('connect', () => socket.write('*1\r\n$4\r\nPING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('utf8');
      const end = reply.indexOf('\r\n');
      if (end === -1) return;
      const line = reply.slice(0, end);
      finish(line === '+PONG' ? undefined : new Error(`unexpected PING reply: ${line}`));
    });
  });
}
