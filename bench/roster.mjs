// The bench's roster: realistic, varied agreements for a team or a county.
// Used by run.mjs; `node bench/roster.mjs N FILE` writes one to look at.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const firstNames = [
  'Priya', 'Tom', 'Siân', 'Łukasz', 'Ánh', 'Ζωή', 'Анна', 'Oluwaseun', 'Niamh', 'Mohammed', 'Aoife', 'Dafydd',
  'Zoë', 'José', 'Chloé', 'Bartłomiej', 'Ngozi', 'Rhys', 'Saoirse', 'Kwame', 'Ewa', 'Ioana', 'Yusuf', 'Gwenllïan',
];
const lastNames = [
  'Shah', 'Evans', 'Ŵyn', 'Żółć', 'Nguyễn', 'Παπαδοπούλου', 'Кузнецова', 'Adeyemi', "O'Brien", 'Khan', 'Ní Bhriain',
  'ap Gruffydd', 'Müller', 'García', 'Lefèvre', 'Wiśniewski', 'Okafor', 'Price', 'Ó Súilleabháin', 'Mensah',
  'Kowalska', 'Popescu', 'Demir', 'Llywelyn',
];
const supervisorSurnames = ['Hughes', 'Jenkins', 'Morgan', 'Kaur', 'Baptiste', 'Nowak', 'Trần', 'Ιωάννου', 'Смирнова', 'Mac Cárthaigh', 'Ferreira', 'Osei'];
const supervisorRoles = ['Team Manager', 'Practice Supervisor', 'Principal Social Worker', 'Designated Safeguarding Lead'];
const roles = ['Social Worker', 'Senior Practitioner', 'Family Support Worker', 'Health Visitor', 'Community Nurse', 'Designated Safeguarding Lead'];
const frequencies = ['weekly', 'fortnightly', 'four-weekly', 'monthly', 'six-weekly', 'eight-weekly', 'quarterly'];

// A real county's roster names each practitioner once and no supervisor
// twice in their own group: the batch warns about repeated entries and
// people (and keeps those warnings), so a roster that repeated itself would
// measure the warnings, not the agreements. 576 practitioner names (first
// name from the index, surname from the index ÷ 24), supervisors from
// surnames no practitioner has; with the 300 start dates and 7 frequencies,
// no two entries of a roster under 100,800 entries are alike.
function person(index) {
  return {
    name: `${firstNames[index % firstNames.length]} ${lastNames[Math.floor(index / firstNames.length) % lastNames.length]}`,
    role: roles[index % roles.length],
  };
}

function supervisorFor(index) {
  return {
    name: `${firstNames[(index * 5 + 7) % firstNames.length]} ${supervisorSurnames[index % supervisorSurnames.length]}`,
    role: supervisorRoles[index % supervisorRoles.length],
  };
}

function isoDate(index) {
  const date = new Date(Date.UTC(2027, 0, 4 + (index % 300)));
  return date.toISOString().slice(0, 10);
}

export function buildRoster(count) {
  const lines = [
    'defaults:',
    '  agency: Northshire County Council',
    '  schedule: { frequency: monthly, durationMinutes: 90, day: the first Tuesday of each month, time: "14:00", rebookedBy: the supervisor }',
    '  location: { mode: in-person, venue: "Meeting Room 3, County Hall", bookedBy: the supervisee, contingency: A private video call at the same time. }',
    '  recording: { recordedBy: the supervisor, method: Written on the agreed template during the session and read back at the end., storedIn: the supervision folder }',
    '  expectations: { fromSupervisor: Protected time and honest feedback., fromSupervisee: Preparation and openness., contributions: Both bring agenda items. }',
    'agreements:',
  ];
  for (let index = 0; index < count; index += 1) {
    const supervisor = supervisorFor(index);
    const frequency = frequencies[index % frequencies.length];
    if (index % 5 === 4) {
      const members = [0, 1, 2, 3, 4].slice(0, 3 + (index % 3)).map((offset) => person(index * 3 + offset));
      lines.push(
        '  - template: group',
        `    groupName: ${JSON.stringify(`Locality Team ${index}`)}`,
        `    supervisor: ${JSON.stringify(supervisor)}`,
        `    members: ${JSON.stringify(members)}`,
        `    startDate: ${isoDate(index)}`,
        `    schedule: { frequency: ${frequency} }`,
      );
    } else {
      lines.push(
        '  - template: one-to-one',
        `    supervisor: ${JSON.stringify(supervisor)}`,
        `    supervisee: ${JSON.stringify(person(index))}`,
        `    startDate: ${isoDate(index)}`,
        `    schedule: { frequency: ${frequency} }`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [count, file] = process.argv.slice(2);
  if (!count || !file) {
    console.error('usage: node bench/roster.mjs ENTRIES FILE');
    process.exit(2);
  }
  writeFileSync(file, buildRoster(Number(count)));
}
