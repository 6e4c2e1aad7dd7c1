/** Reads "CN=张三, O=某公司, C=CN" (the service's certificate subject form, with backslash escapes) into its parts. */
export function subjectParts(subject: string | undefined): Record<string, string> {
  const parts: Record<string, string> = {};
  if (!subject) return parts;
  let current = '';
  const flush = () => {
    const eq = current.indexOf('=');
    if (eq > 0) parts[current.slice(0, eq).trim()] ??= current.slice(eq + 1).trim();
    current = '';
  };
  for (let i = 0; i < subject.length; i++) {
    const ch = subject[i]!;
    if (ch === '\\' && i + 1 < subject.length) current += subject[++i];
    else if (ch === ',' || ch === '+') flush();
    else current += ch;
  }
  flush();
  return parts;
}
