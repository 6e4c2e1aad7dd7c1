/**
 * Masks for personal data shown in pages, logs and exports (the full value stays in the store,
 * encrypted; lookups use the keyed hash). Masks keep enough to let a person recognise their own record.
 */

function maskMiddle(value: string, keepStart: number, keepEnd: number): string {
  if (value.length <= keepStart + keepEnd) return '*'.repeat(value.length);
  return value.slice(0, keepStart) + '*'.repeat(value.length - keepStart - keepEnd) + value.slice(value.length - keepEnd);
}

/** 110101199003071234 → 1101**********1234 (the birth date is hidden). */
export function maskResidentId(id: string): string {
  return maskMiddle(id.trim(), 4, 4);
}

/** 13812345678 → 138****5678; +86 and separators are dropped first. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/[\s-]/g, '').replace(/^\+?86(?=1\d{10}$)/, '');
  return maskMiddle(digits, 3, 4);
}

/** 张三丰 → 张**, 李四 → 李*: the family name only. */
export function maskPersonName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return '*';
  return chars[0] + '*'.repeat(chars.length - 1);
}
