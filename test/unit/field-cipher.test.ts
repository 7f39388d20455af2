import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createFieldCipher, parseCipherKeys } from '../../server/privacy/field-cipher.js';

const key = () => randomBytes(32).toString('base64');

describe('field cipher (AES-256-GCM, key ids, rotation)', () => {
  it('round-trips text, with a fresh nonce each time, and nothing readable stored', () => {
    const cipher = createFieldCipher(parseCipherKeys(key(), undefined)!);
    const a = cipher.encrypt('Ik wil niet meer leven 💔');
    const b = cipher.encrypt('Ik wil niet meer leven 💔');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^enc:1:k1:/);
    expect(a).not.toContain('leven');
    expect(cipher.decrypt(a)).toBe('Ik wil niet meer leven 💔');
    expect(cipher.decrypt('stored before encryption')).toBe('stored before encryption');
  });

  it('refuses tampered values', () => {
    const cipher = createFieldCipher(parseCipherKeys(key(), undefined)!);
    const stored = cipher.encrypt('hello');
    const tampered = stored.slice(0, -3) + (stored.endsWith('A') ? 'BBB' : 'AAA');
    expect(() => cipher.decrypt(tampered)).toThrow();
  });

  it('rotates: the first key encrypts, every key decrypts; old values need rotation', () => {
    const [k1, k2] = [key(), key()];
    const old = createFieldCipher(parseCipherKeys(undefined, `2025:${k1}`)!);
    const stored = old.encrypt('earlier message');
    const rotated = createFieldCipher(parseCipherKeys(undefined, `2026:${k2},2025:${k1}`)!);
    expect(rotated.decrypt(stored)).toBe('earlier message');
    expect(rotated.needsRotation(stored)).toBe(true);
    expect(rotated.needsRotation(rotated.encrypt('x'))).toBe(false);
    expect(() => createFieldCipher(parseCipherKeys(undefined, `2026:${k2}`)!).decrypt(stored)).toThrow(/2025/);
  });

  it('malformed keys are refused with the variable named', () => {
    expect(() => parseCipherKeys('too-short', undefined)).toThrow(/MESSAGE_ENCRYPTION_KEY\b.*32 bytes/);
    expect(() => parseCipherKeys(undefined, 'nocolon')).toThrow(/MESSAGE_ENCRYPTION_KEYS/);
    expect(() => parseCipherKeys(undefined, `a:${key()},a:${key()}`)).toThrow(/unique/);
    expect(() => parseCipherKeys(key(), `a:${key()}`)).toThrow(/both/);
    expect(parseCipherKeys(undefined, undefined)).toBeUndefined();
  });
});
