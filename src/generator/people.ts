import type { Rng } from './rng.js';

/* Names from many places, a few with apostrophes, hyphens and accents, as real customer tables have. */
const FIRST_NAMES: readonly string[] = [
  'Olivia', 'Liam', 'Emma', 'Noah', 'Amelia', 'Oliver', 'Sophia', 'Elijah', 'Mia', 'Lucas', 'Hannah', 'Mateo',
  'Chloé', 'Léa', 'José', 'Zoë', 'Søren', 'Björn', 'Aoife', 'Siobhan', 'Priya', 'Arjun', 'Yuki', 'Haruto',
  'Min-jun', 'Seo-yeon', 'Wei', 'Mei', 'Fatima', 'Omar', 'Amara', 'Chinedu', 'Lucía', 'Santiago', 'Valentina',
  'Mariana', 'João', 'Ana', 'Lars', 'Ingrid', 'Anna-Lena', 'Jan', 'Zofia', 'Mehmet', 'Elif', 'Noa', 'Ari', 'Kai',
];

const LAST_NAMES: readonly string[] = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Garcia', 'Miller', 'Davis', 'Martínez', 'Müller', 'Schmidt', 'Dubois',
  'Lefèvre', "O'Brien", "O'Connor", 'MacDonald', 'Nguyen', 'Kim', 'Park', 'Tanaka', 'Sato', 'Chen', 'Wang',
  'Singh', 'Patel', 'Okafor', 'Mensah', 'Silva', 'Santos', 'Rossi', 'Bianchi', 'Jansen', 'de Vries', 'Nowak',
  'Kowalski', 'Andersson', 'Hansen', 'Virtanen', 'Yılmaz', 'Cohen', 'Smith-Jones', 'García-López', 'van der Berg',
];

/** Reserved example domains (RFC 2606 / RFC 6761), so no generated address can belong to anyone. */
const EMAIL_DOMAINS: readonly string[] = ['example.com', 'example.net', 'example.org', 'mail.example', 'inbox.example'];

/** A full name. */
export function randomName(rng: Rng): string {
  return `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
}

/** An address derived from the name; `serial` (from the customer id and version) keeps addresses unique. */
export function emailFor(rng: Rng, name: string, serial: string): string {
  const local = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z ]/g, '')
    .trim()
    .replace(/\s+/g, rng.pick(['.', '_', '']));
  return `${local}${serial}@${rng.pick(EMAIL_DOMAINS)}`;
}

/** An adult's age, most between 25 and 45. */
export function randomAge(rng: Rng): number {
  const band = rng.weighted([[[18, 24], 15], [[25, 34], 32], [[35, 44], 25], [[45, 59], 20], [[60, 85], 8]] as const);
  return rng.int(band[0], band[1]);
}
