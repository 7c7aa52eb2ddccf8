import type { Category } from './accepted-values.js';

/** What the shop sells in one category: price range in dollars and the kinds of product, some with awkward names. */
export interface CategoryCatalog {
  readonly weight: number;
  readonly minPrice: number;
  readonly maxPrice: number;
  /** Cost as a share of price: lower for own-brand goods, higher for electronics. */
  readonly costShare: readonly [number, number];
  readonly items: readonly string[];
}

/*
 * Several names hold commas and double quotes on purpose: real catalogues write `27"` for inches and
 * `Towel Set, 6-Piece` for bundles, and the loader must survive them.
 */
export const PRODUCT_CATALOG: { readonly [C in Category]: CategoryCatalog } = {
  Electronics: {
    weight: 18,
    minPrice: 9,
    maxPrice: 1200,
    costShare: [0.55, 0.8],
    items: ['Wireless Earbuds', 'USB-C Cable, 2 m', 'Monitor 27", 4K', 'Mechanical Keyboard', 'Bluetooth Speaker',
      'Smartwatch', 'Power Bank 20000 mAh', 'Webcam 1080p', 'Noise-Cancelling Headphones', 'Tablet 10.9"',
      'Phone Charger, 65 W', 'E-Reader'],
  },
  'Home & Kitchen': {
    weight: 16,
    minPrice: 6,
    maxPrice: 400,
    costShare: [0.35, 0.6],
    items: ['Chef\'s Knife, 8"', 'Towel Set, 6-Piece', 'Cast Iron Skillet', 'French Press', 'Bedsheet Set',
      'Desk Lamp', 'Storage Baskets, Set of 3', 'Espresso Machine', 'Cutting Board', 'Throw Blanket',
      'Air Fryer', 'Glass Food Containers'],
  },
  Clothing: {
    weight: 16,
    minPrice: 8,
    maxPrice: 250,
    costShare: [0.3, 0.55],
    items: ['Crew Socks, 3-Pack', 'Rain Jacket', 'Merino Sweater', 'Running Shorts', '"Classic" Tee', 'Denim Jeans',
      'Wool Beanie', 'Hoodie', 'Leather Belt', 'Linen Shirt', 'Sneakers', 'Puffer Vest'],
  },
  Beauty: {
    weight: 10,
    minPrice: 5,
    maxPrice: 120,
    costShare: [0.25, 0.5],
    items: ['Face Serum', 'Shampoo, 500 ml', 'Lip Balm Trio', 'Sunscreen SPF 50', 'Hair Dryer', 'Hand Cream',
      'Makeup Brush Set', 'Beard Oil', 'Perfume "Nuit"', 'Body Lotion'],
  },
  'Sports & Outdoors': {
    weight: 12,
    minPrice: 10,
    maxPrice: 600,
    costShare: [0.4, 0.65],
    items: ['Yoga Mat', 'Tent, 2-Person', 'Water Bottle 1 L', 'Trekking Poles', 'Dumbbell Set', 'Bike Helmet',
      'Sleeping Bag', 'Jump Rope', 'Headlamp', 'Camping Stove'],
  },
  Books: {
    weight: 10,
    minPrice: 6,
    maxPrice: 60,
    costShare: [0.45, 0.7],
    items: ['"The Quiet Warehouse" (Paperback)', 'SQL for Analysts', 'Cookbook: Weeknight Dinners',
      'Atlas of Remote Islands', 'Data Pipelines, Explained', 'Field Guide to Birds', 'Poems, Collected',
      'Children\'s Picture Book', 'Mystery Novel', 'Travel Journal'],
  },
  'Toys & Games': {
    weight: 10,
    minPrice: 7,
    maxPrice: 150,
    costShare: [0.35, 0.6],
    items: ['Puzzle, 1000 Pieces', 'Building Blocks', 'Board Game "Harbor"', 'Plush Bear', 'RC Car', 'Card Game',
      'Wooden Train Set', 'Kite', 'Science Kit', 'Chess Set'],
  },
  Grocery: {
    weight: 8,
    minPrice: 2,
    maxPrice: 60,
    costShare: [0.5, 0.8],
    items: ['Ground Coffee, 1 kg', 'Green Tea', 'Dark Chocolate', 'Olive Oil', 'Granola', 'Honey, Raw',
      'Pasta Variety Pack', 'Hot Sauce', 'Trail Mix', 'Sparkling Water, 12-Pack'],
  },
};

/** Made-up brands; product names are `brand item`. */
export const BRANDS: readonly string[] = [
  'Trevco', 'Halden', 'Brightly', 'Nordvik', 'Kestrel', 'Maple & Moss', 'Orbit', 'Lumen', 'Pinecrest', 'Ridgeway',
  'Alder', 'Copperleaf', 'Saltmarsh', 'Fernhill',
];
