import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, relative, sep } from 'node:path';
import { lookup as mimeType } from 'mrmime';

/**
 * The renderer build, held in memory and answered without touching the disk.
 *
 * The build is a couple of megabytes of immutable files, so the host reads it once at start. A
 * request is then a map lookup and one `res.end(buffer)`: no file handle, no read on libuv's
 * thread pool (which scrypt shares, ADR 0024), no stream. Variants the build precompressed
 * (`.br`, `.gz` beside the file, see vite.config.ts) are sent to clients that accept them.
 * Hash-named files under `assets/` are cached for a year; everything else revalidates by ETag.
 * Source maps are never served (ADR 0022).
 */
export interface StaticAsset {
  type: string;
  /** The content's hash; each encoding is its own representation with its own ETag. */
  etag: string;
  cacheControl: string;
  identity: Buffer;
  br: Buffer | null;
  gzip: Buffer | null;
}

export type StaticAssets = ReadonlyMap<string, StaticAsset>;

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.isFile()) yield path;
  }
}

function sibling(path: string, suffix: string, identity: Buffer): Buffer | null {
  const file = path + suffix;
  if (!existsSync(file)) return null;
  const body = readFileSync(file);
  // A variant older than its file would serve stale code; a larger one saves nothing.
  if (statSync(file).mtimeMs < statSync(path).mtimeMs || body.length >= identity.length) return null;
  return body;
}

/** Reads a renderer build into memory: URL path ("/assets/x.js") → what to send. */
export function loadStaticAssets(dir: string): StaticAssets {
  const assets = new Map<string, StaticAsset>();
  for (const path of files(dir)) {
    if (path.endsWith('.map') || path.endsWith('.br') || path.endsWith('.gz')) continue;
    const identity = readFileSync(path);
    const url = `/${relative(dir, path).split(sep).join('/')}`;
    assets.set(url, {
      type: mimeType(extname(path)) ?? 'application/octet-stream',
      etag: createHash('sha256').update(identity).digest('base64url').slice(0, 27),
      cacheControl: url.startsWith('/assets/') ? IMMUTABLE : REVALIDATE,
      identity,
      br: sibling(path, '.br', identity),
      gzip: sibling(path, '.gz', identity),
    });
  }
  return assets;
}

/** The client's preferred encoding among the ones this asset has (br, then gzip), q=0 honoured. */
export function chooseEncoding(acceptEncoding: string | undefined, asset: StaticAsset): 'br' | 'gzip' | null {
  if (acceptEncoding === undefined) return null;
  const accepted = new Set<string>();
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [name = '', ...params] = part.trim().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (q !== undefined && Number(q.slice(2)) === 0) continue;
    accepted.add(name.trim());
  }
  if (asset.br !== null && accepted.has('br')) return 'br';
  if (asset.gzip !== null && (accepted.has('gzip') || accepted.has('*'))) return 'gzip';
  return null;
}

/**
 * Answers GET/HEAD for a path: the file, else — for a path without an extension (a page of the
 * single-page app) — index.html. Returns false when there is nothing to send (the caller's 404).
 */
export function sendStaticAsset(assets: StaticAssets, path: string, req: IncomingMessage, res: ServerResponse): boolean {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return false;
  }
  const asset = assets.get(decoded) ?? (extname(decoded) === '' ? assets.get('/index.html') : undefined);
  if (asset === undefined) return false;
  const encoding = chooseEncoding(req.headers['accept-encoding'], asset);
  const etag = `"${asset.etag}${encoding === null ? '' : `-${encoding}`}"`;
  res.setHeader('Content-Type', asset.type);
  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', asset.cacheControl);
  if (asset.br !== null || asset.gzip !== null) res.setHeader('Vary', 'Accept-Encoding');
  if (encoding !== null) res.setHeader('Content-Encoding', encoding);
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch !== undefined && ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) {
    res.statusCode = 304;
    res.end();
    return true;
  }
  const body = encoding === 'br' ? (asset.br as Buffer) : encoding === 'gzip' ? (asset.gzip as Buffer) : asset.identity;
  res.setHeader('Content-Length', body.length);
  res.statusCode = 200;
  res.end(req.method === 'HEAD' ? undefined : body);
  return true;
}
