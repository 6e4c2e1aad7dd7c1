import { inspect } from 'node:util';

/**
 * A secret value that refuses to be printed. Config objects get logged and dumped into error
 * details; wrapping the key means a stray `logger.info(config)` shows "[redacted]", not the key.
 */
export class Secret {
  readonly #value: Buffer;

  constructor(value: Buffer) {
    this.#value = Buffer.from(value);
  }

  /** A copy, so a caller that zeroes or mutates its buffer cannot damage the configured key. */
  reveal(): Buffer {
    return Buffer.from(this.#value);
  }

  get byteLength(): number {
    return this.#value.length;
  }

  toJSON(): string {
    return '[redacted]';
  }

  toString(): string {
    return '[redacted]';
  }

  [inspect.custom](): string {
    return 'Secret([redacted])';
  }
}
