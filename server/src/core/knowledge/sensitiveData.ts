// Personal and confidential data recognised by field name, and the functions that mask it, as data. Field names are
// compared after lower-casing and removing `_`, `-`, spaces and dots, so `e_mail`, `E-Mail` and `emailAddress` agree.

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
export const SENSITIVE_FIELDS: Readonly<Record<string, SensitiveCategory>> = {
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
};

/**
 * Words of which every name in {@link SENSITIVE_FIELDS} contains one (a test keeps them in step): a file whose text has
 * none of them cannot name a sensitive field, so the privacy rule skips it without building a data-flow model.
 */
export const SENSITIVE_TEXT = /mail|phone|mobile|tel\b|whatsapp|address|street|post|zip|ssn|social|national|nino|passport|driver|tax|cpf|aadhaar|card|ccnum|cvv|cvc|pan\b|iban|account|routing|sort|dob|birth|diagnos|medic|allerg|health|symptom|insurance|sender|recipient|attendee|organizer/i;

/** Normalises a field name for {@link SENSITIVE_FIELDS}: lower case, without `_`, `-`, spaces and dots. */
export function normaliseFieldName(name: string): string {
  let out = '';
  for (let i = 0; i < name.length && out.length < 64; i++) {
    const c = name[i];
    if (c === '_' || c === '-' || c === ' ' || c === '.') continue;
    out += c.toLowerCase();
  }
  return out;
}

/** The category of the first sensitive segment of a dotted field path, or undefined. */
export function sensitiveCategoryOf(field: string): { category: SensitiveCategory; name: string } | undefined {
  if (!field) return undefined;
  for (const segment of field.split('.')) {
    const category = SENSITIVE_FIELDS[normaliseFieldName(segment)];
    if (category) return { category, name: segment };
  }
  return undefined;
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
