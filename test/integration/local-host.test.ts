import { connect } from 'node:net';

/** Whether a TCP connection to host:port is accepted. */
const accepts = (host: string, port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

describe('local mode listens on this machine only', () => {
  it('answers on 127.0.0.1 and not on another address, even another loopback one', async () => {
    const port = Number(new URL(process.env.API_URL ?? '').port);
    expect(await accepts('127.0.0.1', port)).toBe(true);
    // 127.0.0.2 reaches a server bound to every interface (0.0.0.0), but not one bound to 127.0.0.1.
    expect(await accepts('127.0.0.2', port)).toBe(false);
  });
});
