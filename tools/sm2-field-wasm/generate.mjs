// Generates the WebAssembly module for SM2 field and point arithmetic used by signature verification
// (core/src/crypto/sm2-wasm-*.ts). The arithmetic is unrolled over eight 32-bit limbs, which is
// mechanical and error-prone by hand, so this script writes the WebAssembly text (sm2-field.wat,
// committed beside it for review) and assembles it with wabt into the base64 module that core loads
// (core/src/crypto/sm2-field-wasm.generated.ts). `--check` regenerates in memory and fails when the
// committed files differ, which a test runs so the two can never drift.
//
// Usage: node tools/sm2-field-wasm/generate.mjs [--check]
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import wabtFactory from 'wabt';

const here = dirname(fileURLToPath(import.meta.url));
const WAT_PATH = join(here, 'sm2-field.wat');
const TS_PATH = join(here, '..', '..', 'core', 'src', 'crypto', 'sm2-field-wasm.generated.ts');

// p = 2^256 - 2^224 - 2^96 + 2^64 - 1, little-endian 32-bit limbs. p = -1 mod 2^32, so the
// Montgomery factor -p^-1 mod 2^32 is 1 and each reduction step's multiplier is simply the low limb.
const P = [0xffffffff, 0xffffffff, 0x00000000, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xfffffffe];
const LIMBS = 8;
const MASK = '(i64.const 0xffffffff)';
const range = (n) => Array.from({ length: n }, (_, i) => i);

/** Temporaries for the point formulas: 32-byte field elements at the bottom of memory. */
const TEMP = (i) => i * 32;
const ONE_MONT = 16 * 32; // R mod p, written by the loader
const ZERO = 17 * 32; // never written: the field element 0

function load(ptr, limb) {
  return `(i64.load32_u offset=${limb * 4} (local.get ${ptr}))`;
}

/** out = a * b * R^-1 mod p (CIOS Montgomery multiplication); out may alias a or b. */
function mulFunction() {
  const locals = [
    ...range(LIMBS).map((j) => `$a${j}`),
    ...range(LIMBS + 2).map((j) => `$t${j}`),
    '$c',
    '$s',
    '$bi',
    '$m',
    '$borrow',
    ...range(LIMBS).map((j) => `$d${j}`),
  ];
  const body = [];
  for (const j of range(LIMBS)) body.push(`(local.set $a${j} ${load('$a', j)})`);
  for (const i of range(LIMBS)) {
    body.push(`;; limb ${i} of b`);
    body.push(`(local.set $bi ${load('$b', i)})`);
    body.push('(local.set $c (i64.const 0))');
    for (const j of range(LIMBS)) {
      body.push(`(local.set $s (i64.add (i64.add (local.get $t${j}) (i64.mul (local.get $a${j}) (local.get $bi))) (local.get $c)))`);
      body.push(`(local.set $t${j} (i64.and (local.get $s) ${MASK}))`);
      body.push('(local.set $c (i64.shr_u (local.get $s) (i64.const 32)))');
    }
    body.push(`(local.set $s (i64.add (local.get $t8) (local.get $c)))`);
    body.push(`(local.set $t8 (i64.and (local.get $s) ${MASK}))`);
    body.push('(local.set $t9 (i64.shr_u (local.get $s) (i64.const 32)))');
    body.push('(local.set $m (local.get $t0))');
    // t0 + m * p0 has a zero low limb by the choice of m; only its carry matters.
    body.push(`(local.set $c (i64.shr_u (i64.add (local.get $t0) (i64.mul (local.get $m) (i64.const ${P[0]}))) (i64.const 32)))`);
    for (const j of range(LIMBS).slice(1)) {
      const product = P[j] === 0 ? '' : `(i64.mul (local.get $m) (i64.const ${P[j]}))`;
      const sum = product
        ? `(i64.add (i64.add (local.get $t${j}) ${product}) (local.get $c))`
        : `(i64.add (local.get $t${j}) (local.get $c))`;
      body.push(`(local.set $s ${sum})`);
      body.push(`(local.set $t${j - 1} (i64.and (local.get $s) ${MASK}))`);
      body.push('(local.set $c (i64.shr_u (local.get $s) (i64.const 32)))');
    }
    body.push(`(local.set $s (i64.add (local.get $t8) (local.get $c)))`);
    body.push(`(local.set $t7 (i64.and (local.get $s) ${MASK}))`);
    body.push(`(local.set $t8 (i64.add (local.get $t9) (i64.shr_u (local.get $s) (i64.const 32))))`);
  }
  body.push(';; t < 2p: subtract p once when t >= p');
  body.push(...conditionalSubtract('$t', '$t8'));
  return func('mul', ['$o', '$a', '$b'], locals, body);
}

/**
 * d = t - p over eight limbs with borrow, then o = (top - borrow < 0) ? t : d, where `top` is the
 * ninth limb of t (0 or 1).
 */
function conditionalSubtract(t, top) {
  const body = ['(local.set $borrow (i64.const 0))'];
  for (const j of range(LIMBS)) {
    body.push(`(local.set $s (i64.sub (i64.sub (local.get ${t}${j}) (i64.const ${P[j]})) (local.get $borrow)))`);
    body.push(`(local.set $d${j} (i64.and (local.get $s) ${MASK}))`);
    body.push('(local.set $borrow (i64.shr_u (local.get $s) (i64.const 63)))');
  }
  body.push(`(if (i64.lt_s (i64.sub (local.get ${top}) (local.get $borrow)) (i64.const 0))`);
  body.push(
    `  (then ${range(LIMBS)
      .map((j) => `(i64.store32 offset=${j * 4} (local.get $o) (local.get ${t}${j}))`)
      .join(' ')})`,
  );
  body.push(
    `  (else ${range(LIMBS)
      .map((j) => `(i64.store32 offset=${j * 4} (local.get $o) (local.get $d${j}))`)
      .join(' ')}))`,
  );
  return body;
}

/** out = a + b mod p for a, b in [0, p). */
function addFunction() {
  const locals = [...range(LIMBS).map((j) => `$t${j}`), '$t8', '$c', '$s', '$borrow', ...range(LIMBS).map((j) => `$d${j}`)];
  const body = ['(local.set $c (i64.const 0))'];
  for (const j of range(LIMBS)) {
    body.push(`(local.set $s (i64.add (i64.add ${load('$a', j)} ${load('$b', j)}) (local.get $c)))`);
    body.push(`(local.set $t${j} (i64.and (local.get $s) ${MASK}))`);
    body.push('(local.set $c (i64.shr_u (local.get $s) (i64.const 32)))');
  }
  body.push('(local.set $t8 (local.get $c))');
  body.push(...conditionalSubtract('$t', '$t8'));
  return func('add', ['$o', '$a', '$b'], locals, body);
}

/** out = a - b mod p for a, b in [0, p). */
function subFunction() {
  const locals = [...range(LIMBS).map((j) => `$d${j}`), '$c', '$s', '$borrow'];
  const body = ['(local.set $borrow (i64.const 0))'];
  for (const j of range(LIMBS)) {
    body.push(`(local.set $s (i64.sub (i64.sub ${load('$a', j)} ${load('$b', j)}) (local.get $borrow)))`);
    body.push(`(local.set $d${j} (i64.and (local.get $s) ${MASK}))`);
    body.push('(local.set $borrow (i64.shr_u (local.get $s) (i64.const 63)))');
  }
  body.push('(if (i64.eqz (local.get $borrow))');
  body.push(
    `  (then ${range(LIMBS)
      .map((j) => `(i64.store32 offset=${j * 4} (local.get $o) (local.get $d${j}))`)
      .join(' ')})`,
  );
  body.push('  (else');
  body.push('    (local.set $c (i64.const 0))');
  for (const j of range(LIMBS)) {
    body.push(`    (local.set $s (i64.add (i64.add (local.get $d${j}) (i64.const ${P[j]})) (local.get $c)))`);
    body.push(`    (i64.store32 offset=${j * 4} (local.get $o) (local.get $s))`);
    body.push('    (local.set $c (i64.shr_u (local.get $s) (i64.const 32)))');
  }
  body.push('  ))');
  return func('sub', ['$o', '$a', '$b'], locals, body);
}

function isZeroFunction() {
  const ors = range(LIMBS)
    .map((j) => `(i32.load offset=${j * 4} (local.get $a))`)
    .reduce((acc, x) => (acc ? `(i32.or ${acc} ${x})` : x), '');
  return `(func $is_zero (param $a i32) (result i32) (i32.eqz ${ors}))`;
}

function copyFunction() {
  const body = range(LIMBS).map((j) => `(i32.store offset=${j * 4} (local.get $o) (i32.load offset=${j * 4} (local.get $a)))`);
  return func('copy', ['$o', '$a'], [], body);
}

/** Field element pointers of a Jacobian point at q: X, Y, Z. */
const X = '(local.get $q)';
const Y = '(i32.add (local.get $q) (i32.const 32))';
const Z = '(i32.add (local.get $q) (i32.const 64))';
const T = (i) => `(i32.const ${TEMP(i)})`;
const call = (name, ...args) => `(call $${name} ${args.join(' ')})`;

/** In-place doubling of the Jacobian point at q for a = -3 (dbl-2001-b). */
function doubleFunction() {
  const body = [
    `(if ${call('is_zero', Z)} (then (return)))`,
    call('mul', T(0), Z, Z), // delta = Z^2
    call('mul', T(1), Y, Y), // gamma = Y^2
    call('mul', T(2), X, T(1)), // beta = X gamma
    call('sub', T(3), X, T(0)),
    call('add', T(4), X, T(0)),
    call('mul', T(3), T(3), T(4)), // (X - delta)(X + delta)
    call('add', T(5), T(3), T(3)),
    call('add', T(5), T(5), T(3)), // alpha = 3 (X - delta)(X + delta)
    call('add', T(7), T(2), T(2)),
    call('add', T(7), T(7), T(7)), // 4 beta
    call('add', T(8), T(7), T(7)), // 8 beta
    call('mul', T(6), T(5), T(5)),
    call('sub', T(6), T(6), T(8)), // X3 = alpha^2 - 8 beta
    call('mul', T(9), Y, Z),
    call('add', Z, T(9), T(9)), // Z3 = 2 Y Z (Y is still the old Y)
    call('sub', T(7), T(7), T(6)),
    call('mul', T(7), T(5), T(7)), // alpha (4 beta - X3)
    call('mul', T(10), T(1), T(1)),
    call('add', T(10), T(10), T(10)),
    call('add', T(10), T(10), T(10)),
    call('add', T(10), T(10), T(10)), // 8 gamma^2
    call('sub', Y, T(7), T(10)),
    call('copy', X, T(6)),
  ];
  return func('dbl', ['$q'], [], body);
}

/** In-place q += (x2, y2) with an affine addend in Montgomery form (madd-2004-hmv). */
function addAffineFunction() {
  const body = [
    `(if ${call('is_zero', Z)} (then ${call('copy', X, '(local.get $x2)')} ${call('copy', Y, '(local.get $y2)')} ${call('copy', Z, `(i32.const ${ONE_MONT})`)} (return)))`,
    call('mul', T(0), Z, Z), // zz
    call('mul', T(1), '(local.get $x2)', T(0)), // U2
    call('mul', T(2), '(local.get $y2)', Z),
    call('mul', T(2), T(2), T(0)), // S2
    call('sub', T(3), T(1), X), // H
    call('sub', T(4), T(2), Y), // r
    // Same x: the same point (double it) or its negative (the sum is the point at infinity).
    `(if ${call('is_zero', T(3))} (then (if ${call('is_zero', T(4))} (then ${call('dbl', '(local.get $q)')}) (else (i64.store (i32.add (local.get $q) (i32.const 64)) (i64.const 0)) (i64.store (i32.add (local.get $q) (i32.const 72)) (i64.const 0)) (i64.store (i32.add (local.get $q) (i32.const 80)) (i64.const 0)) (i64.store (i32.add (local.get $q) (i32.const 88)) (i64.const 0)))) (return)))`,
    call('mul', T(5), T(3), T(3)), // HH
    call('mul', T(6), T(3), T(5)), // HHH
    call('mul', T(7), X, T(5)), // V
    call('mul', T(8), T(4), T(4)),
    call('sub', T(8), T(8), T(6)),
    call('sub', T(8), T(8), T(7)),
    call('sub', T(8), T(8), T(7)), // X3 = r^2 - HHH - 2V
    call('sub', T(9), T(7), T(8)),
    call('mul', T(9), T(4), T(9)),
    call('mul', T(10), Y, T(6)),
    call('sub', Y, T(9), T(10)), // Y3 = r (V - X3) - Y HHH
    call('mul', Z, Z, T(3)), // Z3 = Z H
    call('copy', X, T(8)),
  ];
  return func('madd', ['$q', '$x2', '$y2'], [], body);
}

/**
 * In-place q += (x2, y2, z2), a Jacobian point given by three pointers (so a negated y can be passed
 * without copying the point): add-1998-cmo-2, 12M + 4S.
 */
function addJacobianFunction() {
  const X2 = '(local.get $x2)';
  const Y2 = '(local.get $y2)';
  const Z2 = '(local.get $z2)';
  const body = [
    `(if ${call('is_zero', Z2)} (then (return)))`,
    `(if ${call('is_zero', Z)} (then ${call('copy', X, X2)} ${call('copy', Y, Y2)} ${call('copy', Z, Z2)} (return)))`,
    call('mul', T(0), Z2, Z2), // Z2^2
    call('mul', T(1), Z, Z), // Z1^2
    call('mul', T(2), X, T(0)), // U1 = X1 Z2^2
    call('mul', T(3), X2, T(1)), // U2 = X2 Z1^2
    call('mul', T(4), Y, Z2),
    call('mul', T(4), T(4), T(0)), // S1 = Y1 Z2^3
    call('mul', T(5), Y2, Z),
    call('mul', T(5), T(5), T(1)), // S2 = Y2 Z1^3
    call('sub', T(6), T(3), T(2)), // H
    call('sub', T(7), T(5), T(4)), // r
    `(if ${call('is_zero', T(6))} (then (if ${call('is_zero', T(7))} (then ${call('dbl', '(local.get $q)')}) (else ${call('copy', Z, `(i32.const ${ZERO})`)})) (return)))`,
    call('mul', T(8), T(6), T(6)), // H^2
    call('mul', T(9), T(8), T(6)), // H^3
    call('mul', T(10), T(2), T(8)), // U1 H^2
    call('mul', T(11), T(7), T(7)),
    call('sub', T(11), T(11), T(9)),
    call('sub', T(11), T(11), T(10)),
    call('sub', T(11), T(11), T(10)), // X3 = r^2 - H^3 - 2 U1 H^2
    call('sub', T(12), T(10), T(11)),
    call('mul', T(12), T(7), T(12)),
    call('mul', T(13), T(4), T(9)),
    call('sub', Y, T(12), T(13)), // Y3 = r (U1 H^2 - X3) - S1 H^3
    call('mul', Z, Z, Z2),
    call('mul', Z, Z, T(6)), // Z3 = Z1 Z2 H
    call('copy', X, T(11)),
  ];
  return func('jadd', ['$q', '$x2', '$y2', '$z2'], [], body);
}

function func(name, params, locals, body) {
  const paramText = params.map((p) => `(param ${p} i32)`).join(' ');
  const localText = locals.map((l) => `(local ${l} i64)`).join(' ');
  return [`(func $${name} (export "${name}") ${paramText}${localText ? ' ' + localText : ''}`, ...body.map((l) => `  ${l}`), ')'].join(
    '\n',
  );
}

function moduleText() {
  return [
    ';; Generated by tools/sm2-field-wasm/generate.mjs: SM2 field arithmetic mod p in Montgomery form',
    ';; (R = 2^256, eight little-endian 32-bit limbs, values kept in [0, p)) and Jacobian point',
    ';; doubling / mixed addition for a = -3. Variable time: public inputs only (verification).',
    ';; Memory: temporaries at 0..511, R mod p at 512..543, zero at 544..575; the loader places points above.',
    '(module',
    '(memory (export "memory") 4)',
    mulFunction(),
    addFunction(),
    subFunction(),
    isZeroFunction(),
    copyFunction(),
    doubleFunction(),
    addAffineFunction(),
    addJacobianFunction(),
    ')',
    '',
  ].join('\n');
}

async function main() {
  const check = process.argv.includes('--check');
  const wat = moduleText();
  const wabt = await wabtFactory();
  const parsed = wabt.parseWat('sm2-field.wat', wat);
  parsed.validate();
  const bytes = Buffer.from(parsed.toBinary({}).buffer);
  parsed.destroy();
  const ts = [
    '// Generated by tools/sm2-field-wasm/generate.mjs from tools/sm2-field-wasm/sm2-field.wat. Do not edit.',
    `export const SM2_FIELD_WASM_BASE64 =`,
    `  '${bytes.toString('base64')}';`,
    '',
  ].join('\n');
  if (check) {
    const same = readFileSync(WAT_PATH, 'utf8') === wat && readFileSync(TS_PATH, 'utf8') === ts;
    if (!same) {
      process.stderr.write('sm2-field wasm: committed files differ from the generator; run node tools/sm2-field-wasm/generate.mjs\n');
      process.exitCode = 1;
    }
    return;
  }
  writeFileSync(WAT_PATH, wat);
  writeFileSync(TS_PATH, ts);
  process.stdout.write(`wrote ${WAT_PATH} and ${TS_PATH} (${bytes.length} bytes)\n`);
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exitCode = 1;
});
