import { createPrivateKey, createPublicKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** A signing key that cannot be used: names where it came from and why. */
export class RecordingKeyError extends Error {
  override readonly name = 'RecordingKeyError';
}

/**
 * The Ed25519 private key that signs recordings (`AGC_RECORD_SIGNING_KEY`): PEM text, or the
 * path of a PEM file (`openssl genpkey -algorithm ed25519 -out recording-key.pem`).
 *
 * @throws {@link RecordingKeyError} when it cannot be read or is not an Ed25519 private key.
 */
export function loadSigningKey(value: string, source = 'AGC_RECORD_SIGNING_KEY'): KeyObject {
  const key = parse(value, source, (pem) => createPrivateKey(pem));
  if (key.asymmetricKeyType !== 'ed25519')
    throw new RecordingKeyError(
      `${source}: not an Ed25519 key (${key.asymmetricKeyType ?? 'unknown type'})`,
    );
  return key;
}

/**
 * The Ed25519 public key a verifier checks signatures with: PEM text or a PEM file (the private
 * key's file also works: its public half is taken).
 *
 * @throws {@link RecordingKeyError} when it cannot be read or is not an Ed25519 key.
 */
export function loadVerifyKey(value: string, source = '--public-key'): KeyObject {
  const key = parse(value, source, (pem) => createPublicKey(pem));
  if (key.asymmetricKeyType !== 'ed25519')
    throw new RecordingKeyError(
      `${source}: not an Ed25519 key (${key.asymmetricKeyType ?? 'unknown type'})`,
    );
  return key;
}

function parse(value: string, source: string, make: (pem: string) => KeyObject): KeyObject {
  let pem = value;
  if (!value.includes('-----BEGIN')) {
    try {
      pem = readFileSync(value, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      throw new RecordingKeyError(`${source}: cannot read the key file ${value} (${code})`);
    }
  }
  try {
    return make(pem);
  } catch (error) {
    throw new RecordingKeyError(
      `${source}: not a PEM key (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}
