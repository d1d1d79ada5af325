import { createServer } from 'node:net';
import { freePorts } from '../../lib/local/processes';

describe('freePorts', () => {
  it('hands out distinct ports that can be listened on', async () => {
    for (let round = 0; round < 20; round++) {
      const ports = await freePorts(3);
      expect(new Set(ports).size).toBe(3);
      const servers = ports.map(() => createServer());
      await Promise.all(
        servers.map(
          (server, i) =>
            new Promise<void>((resolve, reject) =>
              server.once('error', reject).listen(ports[i], '127.0.0.1', resolve),
            ),
        ),
      );
      await Promise.all(servers.map((server) => new Promise((done) => server.close(done))));
    }
  });
});
