/** The word lists demo names, companies and addresses are drawn from, and the helpers that draw them. */
import type { Rng } from './seed-kit.js';

export type Industry = { name: string; nouns: string[]; categories: string[] };

export const INDUSTRIES: Industry[] = [
  { name: 'Retail', nouns: ['Outfitters', 'General Store', 'Market', 'Goods', 'Trading Co.'], categories: ['Apparel', 'Outdoor'] },
  { name: 'Hospitality', nouns: ['Hotels', 'Inn', 'Hospitality', 'Bistro Group', 'Resorts'], categories: ['Kitchen', 'Apparel'] },
  { name: 'Education', nouns: ['Academy', 'Learning Center', 'School District', 'College', 'Institute'], categories: ['Office', 'Outdoor'] },
  { name: 'Healthcare', nouns: ['Health', 'Medical Group', 'Clinics', 'Care Partners', 'Dental'], categories: ['Office', 'Apparel'] },
  { name: 'Technology', nouns: ['Systems', 'Labs', 'Software', 'Digital', 'Networks'], categories: ['Office', 'Kitchen'] },
  { name: 'Manufacturing', nouns: ['Manufacturing', 'Works', 'Industries', 'Fabrication', 'Tooling'], categories: ['Apparel', 'Kitchen'] },
  { name: 'Professional Services', nouns: ['Consulting', 'Partners', 'Advisors', 'Law Group', 'Accounting'], categories: ['Office'] },
  { name: 'Construction', nouns: ['Builders', 'Construction', 'Contractors', 'Homes', 'Engineering'], categories: ['Apparel', 'Outdoor'] },
];

export const PREFIXES = [
  'Blue Ridge',
  'Cedar',
  'Granite',
  'Harborview',
  'Ironwood',
  'Juniper',
  'Keystone',
  'Lakeshore',
  'Maple',
  'Northstar',
  'Oakridge',
  'Pinecrest',
  'Riverbend',
  'Silverline',
  'Tidewater',
  'Westfield',
  'Brightwater',
  'Copperleaf',
  'Evergreen',
  'Fairview',
  'Goldcrest',
  'Highland',
  'Lighthouse',
  'Meadowbrook',
  'Oakmont',
  'Prairie',
  'Redwood',
  'Stonebridge',
  'Sunrise',
  'Thornbury',
  'Valley',
  'Willow Creek',
  'Aspen',
  'Bayside',
  'Crescent',
  'Driftwood',
  'Foxglove',
  'Hawthorne',
  'Larkspur',
  'Millstone',
  'Orchard',
  'Pioneer',
  'Quarry',
  'Sterling',
  'Beacon',
];

export const FIRST_NAMES = [
  'James',
  'Mary',
  'Robert',
  'Patricia',
  'John',
  'Jennifer',
  'Michael',
  'Linda',
  'David',
  'Elizabeth',
  'William',
  'Barbara',
  'Richard',
  'Susan',
  'Joseph',
  'Jessica',
  'Thomas',
  'Sarah',
  'Carlos',
  'Karen',
  'Daniel',
  'Lisa',
  'Matthew',
  'Nancy',
  'Anthony',
  'Sandra',
  'Mark',
  'Ashley',
  'Priya',
  'Emily',
  'Kevin',
  'Michelle',
  'Brian',
  'Amanda',
  'Wei',
  'Melissa',
  'Jorge',
  'Stephanie',
  'Ryan',
  'Rebecca',
  'Aisha',
  'Laura',
  'Eric',
  'Olivia',
  'Hiroshi',
  'Sofia',
  'Omar',
  'Grace',
  'Noah',
  'Chloe',
  'Liam',
  'Zoe',
  'Mateo',
  'Hannah',
  'Ethan',
  'Isabel',
  'Samuel',
  'Nora',
];

export const LAST_NAMES = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Hernandez',
  'Lopez',
  'Gonzalez',
  'Wilson',
  'Anderson',
  'Thomas',
  'Taylor',
  'Moore',
  'Jackson',
  'Martin',
  'Lee',
  'Perez',
  'Thompson',
  'White',
  'Harris',
  'Sanchez',
  'Clark',
  'Ramirez',
  'Lewis',
  'Robinson',
  'Walker',
  'Young',
  'Allen',
  'King',
  'Wright',
  'Scott',
  'Nguyen',
  'Hill',
  'Flores',
  'Green',
  'Adams',
  'Nelson',
  'Baker',
  'Hall',
  'Rivera',
  'Campbell',
  'Mitchell',
  'Carter',
  'Patel',
  'Kim',
  'Chen',
  "O'Brien",
  'Murphy',
  'Cooper',
  'Reed',
  'Bailey',
  'Kelly',
  'Howard',
  'Ward',
  'Brooks',
];

export const DECISION_TITLES = [
  'CEO',
  'Owner',
  'Managing Director',
  'Head of Purchasing',
  'Procurement Manager',
  'Operations Director',
  'General Manager',
];
export const TITLES = [
  'Office Manager',
  'Facilities Manager',
  'Buyer',
  'Purchasing Assistant',
  'CFO',
  'Finance Manager',
  'IT Manager',
  'Store Manager',
  'Marketing Manager',
  'HR Manager',
  'Executive Assistant',
  'Operations Manager',
  'Accounts Payable Clerk',
];

export const CITIES = [
  { city: 'Portland', state: 'OR', zip: '97205', area: '503' },
  { city: 'Denver', state: 'CO', zip: '80202', area: '303' },
  { city: 'Austin', state: 'TX', zip: '78701', area: '512' },
  { city: 'Columbus', state: 'OH', zip: '43215', area: '614' },
  { city: 'Raleigh', state: 'NC', zip: '27601', area: '919' },
  { city: 'Madison', state: 'WI', zip: '53703', area: '608' },
  { city: 'Sacramento', state: 'CA', zip: '95814', area: '916' },
  { city: 'Boise', state: 'ID', zip: '83702', area: '208' },
  { city: 'Richmond', state: 'VA', zip: '23219', area: '804' },
  { city: 'Minneapolis', state: 'MN', zip: '55401', area: '612' },
  { city: 'Tampa', state: 'FL', zip: '33602', area: '813' },
  { city: 'Providence', state: 'RI', zip: '02903', area: '401' },
];
export const STREETS = ['Main', 'Oak', 'Market', 'Elm', 'Commerce', 'Harbor', 'Lake', 'Mill', 'Park', 'Washington', 'Industrial', 'Cedar'];
export const STREET_TYPES = ['Street', 'Avenue', 'Road', 'Boulevard', 'Drive', 'Way'];

export const ascii = (s: string) =>
  s
    .normalize('NFD')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

export function companyName(r: Rng, industry: Industry, used: Set<string>): { name: string; short: string; domain: string } {
  for (;;) {
    const short = `${r.pick(PREFIXES)} ${r.pick(industry.nouns)}`;
    if (used.has(short)) continue;
    used.add(short);
    const legal = short.endsWith('.') || !r.chance(0.35) ? '' : r.pick([' Inc.', ' LLC', ' Ltd.']);
    return { name: short + legal, short, domain: `${ascii(short)}.example` };
  }
}

/** A person with an e-mail address at `domain`, unique across the seed. */
export function person(r: Rng, domain: string, emails: Set<string>) {
  const firstName = r.pick(FIRST_NAMES);
  const lastName = r.pick(LAST_NAMES);
  let local = `${ascii(firstName)}.${ascii(lastName)}`;
  for (let n = 2; emails.has(`${local}@${domain}`); n++) local = `${ascii(firstName)}.${ascii(lastName)}${n}`;
  emails.add(`${local}@${domain}`);
  return { firstName, lastName, email: `${local}@${domain}` };
}

export const phone = (r: Rng, area: string) => `+1 ${area} 555 01${String(r.int(0, 99)).padStart(2, '0')}`;
