import type { Rng } from './rng.js';

/*
 * Review texts by rating. Many hold commas, double quotes and line breaks on purpose: that is what free text in a
 * real export looks like, and the CSV writer and every loader must carry it through unchanged.
 */
const TEXTS: { readonly [rating: number]: readonly string[] } = {
  1: [
    'Broke after two days. Returned it.',
    'Arrived damaged, box crushed, and support never answered.',
    'Not as described: the "leather" is plastic.',
    'Terrible.\nWould give zero stars if I could.',
    'Stopped working, again. Second one, same problem.',
  ],
  2: [
    'Cheap materials, but it does the job, barely.',
    'Smaller than the photos suggest.',
    'It\'s "fine" I guess. Expected more for the price.',
    'Shipping took three weeks.\nProduct itself is okay.',
  ],
  3: [
    'Okay for the price.',
    'Does what it says, nothing more, nothing less.',
    'Good quality, but the sizing runs small.',
    'Decent. The manual calls it "intuitive"; it is not.',
    'Average.\n\nMight buy again if on sale.',
  ],
  4: [
    'Very good, would recommend.',
    'Solid build, fast delivery, minor scratch on arrival.',
    'My daughter loves it. Battery could last longer.',
    'Great value, though the colour is darker than shown.',
    'Works well.\nSetup took 5 minutes.',
    'Four stars: "almost perfect", as my partner put it.',
  ],
  5: [
    'Excellent!',
    'Perfect, exactly what I needed.',
    'Best purchase this year, hands down.',
    'Love it, love it, love it.',
    'Five stars.\nFast shipping, great packaging, "wow" quality.',
    'As my grandmother would say, "worth every penny", and she is hard to please.',
    'Bought two, one for me, one as a gift. Both perfect.',
  ],
};

/** Appended when a customer edits a review. */
const EDITS: readonly string[] = [
  'Update: seller sent a replacement, works now.',
  'Edit: after a month of use, still happy.',
  'UPDATE, 2 weeks later: the strap broke. Lowering my rating.',
  'Edit: support was "super helpful", thanks!',
];

/** The one text that has all three awkward characters at once; every data set contains it at least once. */
export const AWKWARD_REVIEW_TEXT = 'Great fit, but "true to size" it is not.\nOrder one size up, trust me.';

/** A review text for a rating, or null (some customers leave only stars). */
export function reviewText(rng: Rng, rating: number): string | null {
  if (rng.chance(0.06)) return null;
  if (rng.chance(0.03)) return AWKWARD_REVIEW_TEXT;
  return rng.pick(TEXTS[rating]!);
}

/** The text after an edit: the old text (if any) and a note, separated by a blank line. */
export function editedText(rng: Rng, previous: string | null): string {
  const edit = rng.pick(EDITS);
  return previous === null ? edit : `${previous}\n\n${edit}`;
}
