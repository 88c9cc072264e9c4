import { mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseEncoding, loadStaticAssets, sendStaticAsset, type StaticAsset } from '../../../electron/server/static-assets';
import { tempDir } from '../../support/temp-dir';

const script = 'console.log("frontline");'.repeat(200);
const tmp = tempDir();
let server: Server;
let base = '';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  const dir = tmp.dir;
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Frontline</title>');
  writeFileSync(join(dir, 'assets', 'index-abc.js'), script);
  writeFileSync(join(dir, 'assets', 'index-abc.js.br'), brotliCompressSync(script));
  writeFileSync(join(dir, 'assets', 'index-abc.js.gz'), gzipSync(script));
  writeFileSync(join(dir, 'assets', 'index-abc.js.map'), '{"mappings":""}');
  writeFileSync(join(dir, 'assets', 'style.css'), 'body { color: red; }'.repeat(50));
  writeFileSync(join(dir, 'assets', 'style.css.gz'), gzipSync('stale'));
  // A compressed copy older than its file is a leftover of an earlier build: never sent.
  utimesSync(join(dir, 'assets', 'style.css.gz'), new Date(2020, 0, 1), new Date(2020, 0, 1));
  const assets = loadStaticAssets(dir);
  // Everything is in memory now: the files can go and the answers stay the same.
  rmSync(join(dir, 'assets'), { recursive: true });
  server = createServer((req, res) => {
    if (!sendStaticAsset(assets, new URL(req.url ?? '/', 'http://x').pathname, req, res)) {
      res.statusCode = 404;
      res.end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.close();
  tmp.cleanup();
});

describe('the renderer build served from memory', () => {
  it('answers from what it read at start, without the files on disk', async () => {
    const a = await get('/assets/index-abc.js');
    expect(a.status).toBe(200);
    expect(a.body.toString()).toBe(script);
    expect(a.headers['content-type']).toBe('text/javascript');
    expect(a.headers['content-length']).toBe(String(script.length));
    expect(a.headers['content-encoding']).toBeUndefined();
  });

  it('sends the precompressed copy the client accepts: brotli first, then gzip, never one refused with q=0', async () => {
    const br = await get('/assets/index-abc.js', { 'Accept-Encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toBe('Accept-Encoding');
    expect(brotliDecompressSync(br.body).toString()).toBe(script);
    const gz = await get('/assets/index-abc.js', { 'Accept-Encoding': 'gzip, br;q=0' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(script);
    const plain = await get('/assets/index-abc.js', { 'Accept-Encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(script);
  });

  it('ignores a compressed copy older than its file', async () => {
    const css = await get('/assets/style.css', { 'Accept-Encoding': 'gzip' });
    expect(css.headers['content-encoding']).toBeUndefined();
    expect(css.body.toString()).toContain('color: red');
  });

  it('keeps hash-named assets a year and makes the page revalidate; a matching ETag of the same encoding gets 304', async () => {
    const asset = await get('/assets/index-abc.js', { 'Accept-Encoding': 'br' });
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const etag = String(asset.headers.etag);
    expect((await get('/assets/index-abc.js', { 'Accept-Encoding': 'br', 'If-None-Match': etag })).status).toBe(304);
    // The same tag does not stand for the uncompressed bytes.
    expect((await get('/assets/index-abc.js', { 'If-None-Match': etag })).status).toBe(200);
    const page = await get('/');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect((await get('/', { 'If-None-Match': String(page.headers.etag) })).status).toBe(304);
  });

  it('answers every page of the app with index.html, and a missing file or a source map with nothing', async () => {
    for (const path of ['/', '/wallboard', '/board/queues']) {
      const a = await get(path);
      expect({ path, status: a.status, body: a.body.toString() }).toEqual({ path, status: 200, body: '<!doctype html><title>Frontline</title>' });
    }
    expect((await get('/assets/missing.js')).status).toBe(404);
    expect((await get('/assets/index-abc.js.map')).status).toBe(404);
    expect((await get('/assets/index-abc.js.br')).status).toBe(404);
    expect((await get('/%E0%A4%A')).status).toBe(404);
    expect((await get('/../../etc/passwd')).status).toBe(200); // normalised by the URL to /etc/passwd: a page path, so index.html
  });

  it('answers HEAD with the headers and no body', async () => {
    const a = await get('/assets/index-abc.js', {}, 'HEAD');
    expect(a.status).toBe(200);
    expect(a.headers['content-length']).toBe(String(script.length));
    expect(a.body.length).toBe(0);
  });
});

describe('chooseEncoding', () => {
  const asset = (br: boolean, gzip: boolean): StaticAsset => ({ type: 't', etag: 'e', cacheControl: 'c', identity: Buffer.from('x'), br: br ? Buffer.from('b') : null, gzip: gzip ? Buffer.from('g') : null });
  it('picks what the client accepts among what the asset has', () => {
    expect(chooseEncoding(undefined, asset(true, true))).toBeNull();
    expect(chooseEncoding('br', asset(false, true))).toBeNull();
    expect(chooseEncoding('*', asset(true, true))).toBe('gzip');
    expect(chooseEncoding('GZIP;q=0.5, BR;q=1', asset(true, true))).toBe('br');
    expect(chooseEncoding('gzip;q=0', asset(true, true))).toBeNull();
  });
});
