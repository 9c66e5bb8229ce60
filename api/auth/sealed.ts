// Small state the server hands the browser to keep instead of a table of its own: sealed with
// AES-256-GCM (node:crypto), so the browser can neither read nor alter it, and bound to what it is
// for by the associated data, so a value sealed for one purpose cannot be played back as another.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Cookies are at most 4 KB: a longer text is not one this server sealed. */
const MAX_SEALED = 4096;

export class Sealer {
  /** `key`: 32 bytes; by default made at start, so what was sealed before a restart no longer opens. */
  constructor(private readonly key: Buffer = randomBytes(32)) {
    if (key.length !== 32) throw new Error('a sealing key is 32 bytes');
  }

  seal(purpose: string, value: unknown): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(purpose));
    const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }

  /** The value sealed for `purpose`, or undefined for anything else: altered, foreign or too long. */
  open(purpose: string, sealed: string | undefined): unknown {
    if (!sealed || sealed.length > MAX_SEALED) return undefined;
    const bytes = Buffer.from(sealed, 'base64url');
    if (bytes.length < IV_BYTES + TAG_BYTES) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(purpose));
      decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      const text = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
      return JSON.parse(text) as unknown;
    } catch {
      return undefined;
    }
  }
}
