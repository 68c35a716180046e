import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSigningKey, loadVerifyKey, RecordingKeyError } from '../../recording/index.js';

const pem = (key: { export(o: object): string | Buffer }, type: string): string =>
  String(key.export({ type, format: 'pem' }));

describe('recording signing keys: PEM text or file, Ed25519 only, clear errors', () => {
  const pair = generateKeyPairSync('ed25519');
  it('loads the private key from text or a file, and the public key from either half', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'agc-keys-')), 'key.pem');
    writeFileSync(file, pem(pair.privateKey, 'pkcs8'));
    expect(loadSigningKey(pem(pair.privateKey, 'pkcs8')).asymmetricKeyType).toBe('ed25519');
    expect(loadSigningKey(file).type).toBe('private');
    expect(loadVerifyKey(pem(pair.publicKey, 'spki')).type).toBe('public');
    expect(loadVerifyKey(file).type).toBe('public');
  });

  it('names the source and the reason for a missing file, a non-key and an RSA key', () => {
    expect(() => loadSigningKey('/no/such/key.pem')).toThrow(
      new RecordingKeyError(
        'AGC_RECORD_SIGNING_KEY: cannot read the key file /no/such/key.pem (ENOENT)',
      ),
    );
    expect(() =>
      loadVerifyKey('-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----'),
    ).toThrow(/^--public-key: not a PEM key/);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(() => loadSigningKey(pem(rsa.privateKey, 'pkcs8'))).toThrow(
      'AGC_RECORD_SIGNING_KEY: not an Ed25519 key (rsa)',
    );
  });
});
