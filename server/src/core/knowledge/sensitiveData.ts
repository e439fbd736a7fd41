// Personal and confidential data recognised by field name, and the functions that mask it, as data. Field names are
// compared after lower-casing and removing `_`, `-`, spaces and dots, so `e_mail`, `E-Mail` and `emailAddress` agree.
import { spelledWordMatcher } from '../spelledWords.js';
import { byName } from './byName.js';

export type SensitiveCategory = 'contact' | 'address' | 'national-id' | 'payment-card' | 'bank-account' | 'birth-date' | 'health';

export const CATEGORY_LABEL: Readonly<Record<SensitiveCategory, string>> = {
  contact: 'contact details',
  address: 'an address',
  'national-id': 'a national identifier',
  'payment-card': 'payment card data',
  'bank-account': 'bank account data',
  'birth-date': 'a date of birth',
  health: 'health data',
};

/** Normalised field names → what they hold. */
export const SENSITIVE_FIELDS: Readonly<Record<string, SensitiveCategory>> = byName<SensitiveCategory>({
  email: 'contact',
  emailaddress: 'contact',
  emails: 'contact',
  mail: 'contact',
  useremail: 'contact',
  customeremail: 'contact',
  contactemail: 'contact',
  phone: 'contact',
  phonenumber: 'contact',
  phonenumbers: 'contact',
  mobile: 'contact',
  mobilephone: 'contact',
  mobilenumber: 'contact',
  cellphone: 'contact',
  telephone: 'contact',
  tel: 'contact',
  whatsappnumber: 'contact',
  sender: 'contact',
  recipient: 'contact',
  recipients: 'contact',
  attendee: 'contact',
  attendees: 'contact',
  organizer: 'contact',
  address: 'address',
  streetaddress: 'address',
  street: 'address',
  homeaddress: 'address',
  postaladdress: 'address',
  billingaddress: 'address',
  shippingaddress: 'address',
  addressline1: 'address',
  addressline2: 'address',
  postcode: 'address',
  postalcode: 'address',
  zipcode: 'address',
  // Shopify's and Stripe's name for a postal code; a binary property called `zip` is an archive (see sensitiveCategoryOf).
  zip: 'address',
  ssn: 'national-id',
  socialsecuritynumber: 'national-id',
  nationalid: 'national-id',
  nationalidnumber: 'national-id',
  nationalinsurancenumber: 'national-id',
  nino: 'national-id',
  passport: 'national-id',
  passportnumber: 'national-id',
  driverslicense: 'national-id',
  driverlicense: 'national-id',
  driverslicence: 'national-id',
  taxid: 'national-id',
  taxnumber: 'national-id',
  cpf: 'national-id',
  aadhaar: 'national-id',
  cardnumber: 'payment-card',
  creditcard: 'payment-card',
  creditcardnumber: 'payment-card',
  ccnumber: 'payment-card',
  pan: 'payment-card',
  cvv: 'payment-card',
  cvc: 'payment-card',
  iban: 'bank-account',
  accountnumber: 'bank-account',
  bankaccount: 'bank-account',
  bankaccountnumber: 'bank-account',
  routingnumber: 'bank-account',
  sortcode: 'bank-account',
  dob: 'birth-date',
  dateofbirth: 'birth-date',
  birthdate: 'birth-date',
  birthday: 'birth-date',
  diagnosis: 'health',
  medicalhistory: 'health',
  medicalrecord: 'health',
  medication: 'health',
  medications: 'health',
  allergies: 'health',
  healthcondition: 'health',
  symptoms: 'health',
  insurancenumber: 'health',
  // German, French, Spanish, Portuguese and Dutch spellings met in exports.
  geburtstag: 'birth-date',
  geburtsdatum: 'birth-date',
  datedenaissance: 'birth-date',
  fechadenacimiento: 'birth-date',
  datadenascimento: 'birth-date',
  geboortedatum: 'birth-date',
  telefon: 'contact',
  telefonnummer: 'contact',
  handynummer: 'contact',
  mobilnummer: 'contact',
  mobilrufnummer: 'contact',
  mobiltelefon: 'contact',
  emailadresse: 'contact',
  telefono: 'contact',
  telefoonnummer: 'contact',
  courriel: 'contact',
  correo: 'contact',
  correoelectronico: 'contact',
  adresse: 'address',
  anschrift: 'address',
  strasse: 'address',
  straße: 'address',
  postleitzahl: 'address',
  direccion: 'address',
  codigopostal: 'address',
  endereco: 'address',
  adres: 'address',
  postcodenummer: 'address',
});

/** Who a field belongs to, as a prefix of its name: `customer_address` holds an address as much as `address` does. */
const OWNER_PREFIXES = ['customer', 'client', 'user', 'contact', 'billing', 'shipping', 'home', 'work', 'primary', 'personal', 'member', 'lead', 'patient', 'employee', 'buyer', 'guest', 'applicant', 'candidate', 'owner'];

/**
 * True when a recognised field's whole value has at most four characters (a card security code: three or four digits),
 * so that its first or last four characters are all of it: `cvv`, `cvc`, `customer_cvc`.
 */
export function holdsFewCharacters(name: string): boolean {
  return /(?:cvv|cvc)$/.test(normaliseFieldName(name));
}

/**
 * Parents whose `address` is an e-mail address, not a postal one: Microsoft Graph `from.emailAddress.address`,
 * `toRecipients[0].emailAddress.address`, n8n e-mail triggers' `from.value[0].address`.
 */
const EMAIL_PARENTS = new Set(['email', 'emails', 'mail', 'from', 'to', 'cc', 'bcc', 'replyto', 'sender', 'recipient', 'recipients', 'torecipients', 'ccrecipients', 'bccrecipients', 'emailaddress', 'emailaddresses', 'organizer', 'attendee', 'attendees']);

/**
 * A message's sender and recipients (normalised names): n8n's IMAP trigger gives `from` as `Name <addr@…>` (or as
 * `{ value: [{ address, name }], text }`), Gmail's simple mode `From`, Outlook `toRecipients`, Power Automate's Outlook
 * trigger `from` and `toRecipients` as addresses, Twilio `From` as a phone number. Contact details only in data from a
 * mail or SMS source ({@link messagePartyOf}): elsewhere `from` and `to` are dates, currencies or places.
 */
const MESSAGE_PARTIES = new Set(['from', 'to', 'cc', 'bcc', 'replyto', 'sender', 'deliveredto', 'torecipients', 'ccrecipients', 'bccrecipients']);

/**
 * Distinctive parts of the service or type name (lower case, letters and digits only) of nodes that bring in mail or
 * SMS messages, whose parties {@link messagePartyOf} reads: IMAP, Gmail and Outlook triggers and reads, Make's mail hook,
 * Twilio.
 */
export const MESSAGE_SOURCE_MARKERS: readonly string[] = ['imap', 'gmail', 'outlook', 'email', 'mailhook', 'exchange', 'twilio'];

/** What may follow a party and still hold its address: `from.text`, `from.html`, `from.value`, `from.value[0].address`. */
const PARTY_PARTS = new Set(['', 'text', 'html', 'value', 'value.address', 'address', 'emailaddress', 'emailaddress.address']);

/** Containers a message's fields may sit in: `body.from` (Power Automate's `triggerBody()`), `headers.to`, `value[0].from`. */
const MESSAGE_CONTAINERS = new Set(['body', 'headers', 'value', 'json']);

/**
 * Contact details when `field` of data from a mail or SMS source names a sender or recipient (`from`, `From`,
 * `to`, `cc`, `replyTo`, `from.text`, `from.value[0].address`, `body.toRecipients`); undefined otherwise (`from.value[0].name`
 * is a name, `date` no party). The caller decides that the source is a mail or SMS source.
 */
export function messagePartyOf(field: string): { category: SensitiveCategory; name: string } | undefined {
  const segments = field.split('.');
  for (let i = 0; i < segments.length && i < 3; i++) {
    const name = normaliseFieldName(segments[i].replace(/\[\d+\]$/, ''));
    if (MESSAGE_PARTIES.has(name)) {
      const rest = segments.slice(i + 1).map((s) => normaliseFieldName(s.replace(/\[\d+\]$/, ''))).filter((s) => !/^\d+$/.test(s)).join('.');
      const who = name === 'from' || name === 'sender' || name === 'replyto' ? "the sender's address" : "the recipients' addresses";
      return PARTY_PARTS.has(rest) ? { category: 'contact', name: `${who} (${segments.slice(i).join('.')})` } : undefined;
    }
    if (!MESSAGE_CONTAINERS.has(name) && !/^\d+$/.test(name)) return undefined;
  }
  return undefined;
}

/**
 * Words of which every name in {@link SENSITIVE_FIELDS} contains one (a test keeps them in step); `\b` ends a word that
 * also starts common ones (`tel`, `pan`).
 */
const SENSITIVE_WORDS = [
  'mail', 'phone', 'mobil', 'tel\\b', 'whatsapp', 'address', 'street', 'post', 'zip', 'ssn', 'social', 'national', 'nino', 'passport',
  'driver', 'tax', 'cpf', 'aadhaar', 'card', 'ccnum', 'cvv', 'cvc', 'pan\\b', 'iban', 'account', 'routing', 'sort', 'dob', 'birth', 'diagnos',
  'medic', 'allerg', 'health', 'symptom', 'insurance', 'sender', 'recipient', 'attendee', 'organizer', 'geburt', 'naissance', 'nacimiento',
  'nascimento', 'geboorte', 'telef', 'handy', 'courriel', 'correo', 'adres', 'anschrift', 'stras', 'straß', 'direcci', 'endere',
];

/**
 * False only when `text` cannot name a sensitive field: none of the words is in it, in any case or spelled apart as a
 * field name may be (`cc_number`, `Whats App`; names are compared without separators, {@link normaliseFieldName}). The
 * privacy rule's cheap looks before it builds a data-flow model.
 */
export const mayNameSensitiveField: (text: string) => boolean = spelledWordMatcher(SENSITIVE_WORDS);

/** Normalises a field name for {@link SENSITIVE_FIELDS}: lower case, without `_`, `-`, spaces and dots. */
export function normaliseFieldName(name: string): string {
  let out = '';
  for (let i = 0; i < name.length && out.length < 64; i++) {
    const c = name[i];
    if (c === '_' || c === '-' || c === ' ' || c === '.' || c === '/') continue;
    out += c.toLowerCase();
  }
  return out;
}

/**
 * Parts of a personal value that still hold it, or a piece of it (normalised names): an e-mail's or phone number's
 * `value` or `number`, an address's lines and city, a date's day. `address.city` is an address, `phone.number` a phone
 * number, `emails[0].value` an e-mail. Parts that are sensitive names themselves (`street`, `zip`, and `address`, which
 * under an e-mail is the e-mail: `email.address`) count by their own name. `text`, `html` and `raw` are not here:
 * `email.text` is a mail's body, not an address.
 */
export const VALUE_PARTS: ReadonlySet<string> = new Set([
  'value', 'values', 'number', 'full', 'fullnumber', 'formatted', 'formattedvalue', 'formattedaddress',
  'e164', 'international', 'internationalnumber', 'national', 'nationalnumber',
  'street1', 'street2', 'streetname', 'streetnumber', 'housenumber', 'line1', 'line2', 'line3', 'address1', 'address2', 'address3',
  'city', 'town', 'locality', 'province', 'region', 'county', 'district', 'suburb',
  'year', 'month', 'day',
]);

/**
 * The category of a dotted field path by its last segment (`customer.email`), or by the segment before parts that hold
 * its value ({@link VALUE_PARTS}: `address.city`, `emails[0].value`, `from.value[0].address`); undefined for any other
 * part, which says something about the value without holding it: an id, a flag, a count, a status, a type, the last
 * digits, a hash, a length, a date (`address.id`, `email.verified`, `creditCard.last4`, `email.length`). Array indexes
 * are skipped.
 */
export function sensitiveCategoryOf(field: string): { category: SensitiveCategory; name: string } | undefined {
  if (!field) return undefined;
  const segments = field.split('.');
  for (let i = segments.length - 1; i >= 0; i--) {
    const name = normaliseFieldName(segments[i].replace(/\[\d+\]$/, ''));
    if (/^\d*$/.test(name)) continue;
    const category = name === 'zip' && i > 0 && segments[i - 1] === '#binary' ? undefined : categoryOfName(name);
    if (category) {
      // `from.value[0].address`, `emailAddress.address`: an e-mail address under a sender or recipient.
      if (category === 'address' && emailParentBefore(segments, i)) return { category: 'contact', name: segments.slice(Math.max(0, i - 2), i + 1).join('.') };
      return { category, name: segments[i] };
    }
    if (!VALUE_PARTS.has(name)) return undefined;
  }
  return undefined;
}

/** Dataverse's address parts (`address1_line1`, `address2_postalcode`, normalised). */
const DATAVERSE_ADDRESS_PART = /^address\d(?:line\d|city|postalcode|stateorprovince|county|country|composite)$/;

/**
 * A normalised name's category, also with an owner prefix (`customeraddress`, `billingpostalcode`), or numbered as CRMs
 * number a record's first, second and third value (Dataverse `emailaddress1`, `telephone2`; `address1_city`).
 */
function categoryOfName(name: string): SensitiveCategory | undefined {
  const category = ownedCategoryOf(name);
  if (category) return category;
  if (DATAVERSE_ADDRESS_PART.test(name)) return 'address';
  // A part of a value (`address1`, `line2`: `shipping_address.address1`) is named by what it is part of.
  const bare = VALUE_PARTS.has(name) ? name : name.replace(/\d{1,2}$/, '');
  return bare !== name && bare ? ownedCategoryOf(bare) : undefined;
}

function ownedCategoryOf(name: string): SensitiveCategory | undefined {
  const category = SENSITIVE_FIELDS[name];
  if (category) return category;
  for (const prefix of OWNER_PREFIXES) {
    if (name.length > prefix.length && name.startsWith(prefix)) {
      const rest = SENSITIVE_FIELDS[name.slice(prefix.length)];
      if (rest) return rest;
    }
  }
  return undefined;
}

/** True when one of the two segments before `i` (array indexes aside) names a sender or recipient. */
function emailParentBefore(segments: readonly string[], i: number): boolean {
  for (let j = i - 1; j >= 0 && j >= i - 3; j--) {
    const name = normaliseFieldName(segments[j].replace(/\[\d+\]$/, ''));
    if (EMAIL_PARENTS.has(name)) return true;
    if (name !== 'value' && name !== 'values' && !/^\d+$/.test(name)) return false;
  }
  return false;
}

/**
 * Functions and words that mask a value when they wrap it in an expression (`{{ $json.email.hash('sha256') }}`,
 * `{{sha256(1.email)}}`): compared in lower case as plain substrings of the expression.
 */
export const MASKING_MARKERS: readonly string[] = ['hash(', 'sha1', 'sha256', 'sha512', 'md5', 'hmac', 'mask', 'redact', 'anonymi', 'pseudonymi', 'encrypt', 'tokeni'];

/** True when `expression` contains a masking function or word. */
export function isMaskingExpression(expression: string): boolean {
  const lower = expression.length > 4096 ? expression.slice(0, 4096).toLowerCase() : expression.toLowerCase();
  return MASKING_MARKERS.some((m) => lower.includes(m));
}
