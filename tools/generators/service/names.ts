/** One name in the spellings code needs: `courier-job`, `CourierJob`, `courierJob`, `courier_job`, `COURIER_JOB`, `courier job`. */
export interface Spellings {
  kebab: string;
  pascal: string;
  camel: string;
  snake: string;
  constant: string;
  /** For sentences: `courier job`. */
  words: string;
  /** `a courier job`, `an invoice`. */
  withArticle: string;
}

export function spellingsOf(kebab: string): Spellings {
  const parts = kebab.split('-');
  const pascal = parts.map((part) => part[0].toUpperCase() + part.slice(1)).join('');
  const words = parts.join(' ');
  return {
    kebab,
    pascal,
    camel: pascal[0].toLowerCase() + pascal.slice(1),
    snake: parts.join('_'),
    constant: parts.join('_').toUpperCase(),
    words,
    withArticle: `${/^[aeiou]/.test(words) ? 'an' : 'a'} ${words}`,
  };
}

/** English plural of the last word, for REST collections (`deliveries`, `boxes`, `tickets`). */
export function pluralOf(kebab: string): string {
  if (/[^aeiou]y$/.test(kebab)) return `${kebab.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(kebab)) return `${kebab}es`;
  return `${kebab}s`;
}

// Table names are the aggregate's name: these would need quoting in every statement.
const SQL_RESERVED = new Set(
  ('all analyse analyze and any array as asc asymmetric both case cast check collate column constraint create ' +
    'current_catalog current_date current_role current_time current_timestamp current_user default deferrable desc ' +
    'distinct do else end except false fetch for foreign from grant group having in initially intersect into lateral ' +
    'leading limit localtime localtimestamp not null offset on only or order placing primary references returning ' +
    'select session_user some symmetric system_user table then to trailing true union unique user using variadic ' +
    'when where window with').split(' '),
);

export class InvalidNameError extends Error {
  override readonly name = 'InvalidNameError';
}

/** The service's name: one lowercase word, since it names databases, users, variables and hosts. */
export function checkServiceName(name: string): void {
  if (!/^[a-z][a-z0-9]*$/.test(name)) {
    throw new InvalidNameError(`the service name must be one lowercase word (letters and digits, e.g. "delivery"), got "${name}"`);
  }
  if (name.endsWith('service')) throw new InvalidNameError(`give the name without "service": "${name.replace(/-?service$/, '')}" makes ${name.replace(/-?service$/, '')}-service`);
}

/** The aggregate's name: lowercase words joined by dashes, not an SQL keyword. */
export function checkAggregateName(name: string): void {
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name)) {
    throw new InvalidNameError(`the aggregate name must be lowercase words joined by dashes (e.g. "courier-job"), got "${name}"`);
  }
  if (SQL_RESERVED.has(name.replace(/-/g, '_'))) {
    throw new InvalidNameError(`"${name}" is an SQL keyword and would name the aggregate's table; choose another aggregate name (--aggregate)`);
  }
}
