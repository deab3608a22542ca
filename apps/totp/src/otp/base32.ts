import { ScureBase32Plugin } from '@otplib/plugin-base32-scure';

const codec = new ScureBase32Plugin();

/** RFC 4648 Base32 without padding, as authenticator apps expect in otpauth URIs. */
export function base32Encode(bytes: Uint8Array): string {
  return codec.encode(bytes, { padding: false });
}

/** Decodes Base32, case-insensitively, with or without padding; throws on other characters. */
export function base32Decode(text: string): Uint8Array {
  return codec.decode(text);
}
