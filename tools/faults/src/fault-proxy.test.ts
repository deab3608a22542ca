import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy } from './fault-proxy.js';

/** A target that records what each connection sent and answers `ok:<bytes>;` to every chunk. */
interface Target {
  server: Server;
  port: number;
  received: Buffer[];
  closed: number;
}

async function startTarget(): Promise<Target> {
  const target: Target = { server: createServer(), port: 0, received: [], closed: 0 };
  target.server.on('connection', (socket) => {
    const index = target.received.push(Buffer.alloc(0)) - 1;
    socket.on('data', (chunk: Buffer) => {
      target.received[index] = Buffer.concat([target.received[index]!, chunk]);
      const answer = `ok:${chunk.length};`;
      // "slow…" is answered 100 ms later, so a test can stall the proxy in between.
      if (chunk.toString().startsWith('slow')) setTimeout(() => socket.write(answer), 100);
      else socket.write(answer);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => (target.closed += 1));
  });
  target.server.listen(0, '127.0.0.1');
  await once(target.server, 'listening');
  target.port = (target.server.address() as { port: number }).port;
  return target;
}

/** A client that keeps what it reads, how it ended, and its error code. */
interface Client {
  socket: Socket;
  read: () => string;
  ended: Promise<string>;
}

async function dial(port: number): Promise<Client> {
  const socket = connect(port, '127.0.0.1');
  let data = '';
  socket.on('data', (chunk: Buffer) => (data += chunk.toString()));
  const ended = new Promise<string>((resolve) => {
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    socket.on('close', () => resolve('closed'));
  });
  await once(socket, 'connect');
  return { socket, read: () => data, ended };
}

async function until(what: string, check: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

let target: Target;
let proxy: FaultProxy;
const clients: Client[] = [];

async function client(): Promise<Client> {
  const opened = await dial(proxy.port);
  clients.push(opened);
  return opened;
}

beforeEach(async () => {
  target = await startTarget();
  proxy = await startFaultProxy({ host: '127.0.0.1', port: target.port });
});

afterEach(async () => {
  for (const opened of clients.splice(0)) opened.socket.destroy();
  await proxy.close();
  await new Promise((resolve) => target.server.close(resolve));
});

describe('pass', () => {
  it('forwards both ways and counts the bytes', async () => {
    const one = await client();
    one.socket.write('hello');
    await until('the answer', () => one.read() === 'ok:5;');
    expect(target.received[0]!.toString()).toBe('hello');
    expect(proxy.stats).toMatchObject({ accepted: 1, open: 1, clientBytes: 5, serverBytes: 5, resets: 0 });
    expect(proxy.mode).toBe('pass');
  });
});

describe('reset', () => {
  it('cuts every open connection with a reset and still accepts new ones', async () => {
    const one = await client();
    const two = await client();
    await until('both connections at the target', () => target.received.length === 2);
    proxy.reset();
    expect(await one.ended).toBe('ECONNRESET');
    expect(await two.ended).toBe('ECONNRESET');
    expect(proxy.stats).toMatchObject({ open: 0, resets: 2 });

    const three = await client();
    three.socket.write('again');
    await until('the answer', () => three.read() === 'ok:5;');
  });
});

describe('resetAfterClientBytes', () => {
  it('lets exactly N more client bytes through, drops the answer, resets, then passes again', async () => {
    const one = await client();
    one.socket.write('abc');
    await until('the first answer', () => one.read() === 'ok:3;');

    proxy.resetAfterClientBytes(7);
    expect(proxy.stats.armed).toBe(true);
    one.socket.write('defg');
    await until('the second answer', () => one.read() === 'ok:3;ok:4;');
    one.socket.write('hijklmnop');
    expect(await one.ended).toBe('ECONNRESET');
    // The target got "hij" (3 + 4 + 3 = 10 bytes after the first 3) and answered it; the client did not see that.
    expect(target.received[0]!.toString()).toBe('abcdefghij');
    expect(one.read()).toBe('ok:3;ok:4;');
    expect(proxy.stats).toMatchObject({ armed: false, clientBytes: 10, resets: 1 });
    expect(proxy.mode).toBe('pass');

    const two = await client();
    two.socket.write('x');
    await until('an answer after the reset', () => two.read() === 'ok:1;');
  });

  it('counts the bytes of every connection together', async () => {
    const one = await client();
    const two = await client();
    await until('both connections at the target', () => target.received.length === 2);
    proxy.resetAfterClientBytes(4);
    one.socket.write('12');
    await until('the first answer', () => one.read() === 'ok:2;');
    two.socket.write('3456');
    expect(await one.ended).toBe('ECONNRESET');
    expect(await two.ended).toBe('ECONNRESET');
    expect(Buffer.concat(target.received).toString()).toBe('1234');
  });

  it('refuses a count that is not a whole number of bytes', () => {
    expect(() => proxy.resetAfterClientBytes(-1)).toThrow(RangeError);
    expect(() => proxy.resetAfterClientBytes(1.5)).toThrow(RangeError);
  });
});

describe('stall', () => {
  it('accepts but forwards nothing either way until pass, then resumes where it stopped', async () => {
    const one = await client();
    proxy.stall();
    one.socket.write('held');
    const late = await client();
    late.socket.write('late');
    await sleep(100);
    expect(Buffer.concat(target.received).toString()).toBe('');
    expect(one.read()).toBe('');

    proxy.pass();
    await until('the held answers', () => one.read() === 'ok:4;' && late.read() === 'ok:4;');
    expect(target.received.map(String).sort()).toEqual(['held', 'late']);
  });

  it('holds the answers too', async () => {
    const one = await client();
    one.socket.write('slow');
    await until('the bytes at the target', () => target.received[0]?.toString() === 'slow');
    proxy.stall();
    await sleep(200);
    expect(one.read()).toBe('');
    proxy.pass();
    await until('the held answer', () => one.read() === 'ok:4;');
  });
});

describe('stallAfterClientBytes', () => {
  it('lets exactly N more client bytes through, then holds the rest both ways until pass', async () => {
    const one = await client();
    proxy.stallAfterClientBytes(6);
    one.socket.write('abcd');
    await until('the first answer', () => one.read() === 'ok:4;');
    one.socket.write('efgh');
    await until('the bytes at the target', () => target.received[0]!.length === 6);
    await sleep(100);
    expect(proxy.mode).toBe('stall');
    expect(target.received[0]!.toString()).toBe('abcdef');
    expect(one.read()).toBe('ok:4;');

    proxy.pass();
    await until('everything through', () => target.received[0]!.toString() === 'abcdefgh');
    await until('the held answers', () => one.read() === 'ok:4;ok:2;ok:2;');
  });

  it('refuses a count that is not a whole number of bytes', () => {
    expect(() => proxy.stallAfterClientBytes(Number.NaN)).toThrow(RangeError);
  });
});

describe('refuse', () => {
  it('resets new connections, keeps open ones passing, and accepts again after pass', async () => {
    const open = await client();
    proxy.refuse();
    const refused = await dial(proxy.port).catch(() => undefined);
    if (refused) expect(await refused.ended).toBe('ECONNRESET');
    await sleep(50);
    expect(target.received).toHaveLength(1);
    open.socket.write('still');
    await until('the open connection answered', () => open.read() === 'ok:5;');

    proxy.pass();
    const again = await client();
    again.socket.write('x');
    await until('an answer after pass', () => again.read() === 'ok:1;');
  });
});
