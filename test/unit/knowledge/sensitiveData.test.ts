import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as fc from 'fast-check';
import { mayNameSensitiveField, messagePartyOf, normaliseFieldName, SENSITIVE_FIELDS, sensitiveCategoryOf, VALUE_PARTS } from '../../../server/src/core/knowledge/sensitiveData.js';

describe('sensitive field names', () => {
  it('keeps the text prefilter in step with the names: every name, in any spelling, passes it', () => {
    for (const name of Object.keys(SENSITIVE_FIELDS)) {
      assert.ok(mayNameSensitiveField(name), name);
      assert.ok(mayNameSensitiveField(name.toUpperCase()), name);
    }
    for (const spelled of ['e_mail', 'E-Mail', 'Email Address', 'date_of_birth', 'zip_code', 'postal_code', 'sort_code', 'social_security_number', 'national_id', 'card_number', 'phone_number', 'whatsApp_number']) {
      assert.ok(mayNameSensitiveField(spelled), spelled);
      assert.ok(sensitiveCategoryOf(spelled), spelled);
    }
  });

  it('passes every spelling of a sensitive name to the privacy rule\'s cheap looks (mayNameSensitiveField)', () => {
    // Names the words of SENSITIVE_TEXT do not match as written: separators inside a word, an escaped letter, ẞ.
    for (const spelled of ['cc_number', 'CC Number', 'ni_no', 'whats_app_number', 'tel_', 'ma\\il', 'STRAẞE']) {
      assert.ok(sensitiveCategoryOf(spelled.replace('\\', '')), spelled);
      assert.ok(mayNameSensitiveField(`={{ $json["${spelled}"] }}`), spelled);
    }
    assert.equal(mayNameSensitiveField('={{ $json.orderTotal }} for {{ $json.sku }}'), false);
    // Any name the field lookup accepts, spelled with separators and in any case, inside an expression or code.
    const names = Object.keys(SENSITIVE_FIELDS);
    const spelling = fc.record({
      name: fc.constantFrom(...names),
      prefix: fc.constantFrom('', 'customer', 'billing', 'patient'),
      cuts: fc.array(fc.tuple(fc.nat(), fc.constantFrom('_', '-', ' ')), { maxLength: 4 }),
      upper: fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
      form: fc.constantFrom('expression', 'code', 'dotted'),
    }).map(({ name, prefix, cuts, upper, form }) => {
      let spelled = [...(prefix + name)].map((c, i) => (upper[i % 40] ? c.toUpperCase() : c)).join('');
      for (const [at, sep] of cuts) {
        const i = 1 + (at % Math.max(1, spelled.length - 1));
        spelled = spelled.slice(0, i) + sep + spelled.slice(i);
      }
      const text = form === 'expression' ? `={{ $json["${spelled}"] }}` : form === 'code' ? `const v = item.json['${spelled}'];\nreturn v;` : `={{ $json.body["${spelled}"].trim() }}`;
      return { spelled, text };
    });
    fc.assert(fc.property(spelling, ({ spelled, text }) => !sensitiveCategoryOf(spelled) || mayNameSensitiveField(text)), { seed: 20261129, numRuns: 3000 });
  });

  it('normalises names and reads a path by its last segment, or by the value the parts after it hold', () => {
    assert.equal(normaliseFieldName('E-Mail Address'), 'emailaddress');
    assert.deepEqual(sensitiveCategoryOf('customer.email'), { category: 'contact', name: 'email' });
    assert.deepEqual(sensitiveCategoryOf('properties.email.value'), { category: 'contact', name: 'email' });
    assert.deepEqual(sensitiveCategoryOf('customer.billing_address.city'), { category: 'address', name: 'billing_address' });
    assert.equal(sensitiveCategoryOf('order.total'), undefined);
    assert.equal(sensitiveCategoryOf(''), undefined);
  });

  it('takes the parts of a personal value that hold it for the value, and facts about it (an id, a flag, a count, a masked form) for none', () => {
    for (const [field, category] of [
      ['address.street', 'address'], ['body.address.city', 'address'], ['shippingAddress.address1', 'address'], ['shipping_address.province', 'address'],
      ['phone.number', 'contact'], ['email.address', 'contact'], ['emails[0].value', 'contact'], ['phoneNumbers.0.value', 'contact'], ['mobilrufnummer.full', 'contact'],
      ['creditCard.number', 'payment-card'], ['geburtstag.day', 'birth-date'], ['from.value[0].address', 'contact'],
    ] as const) assert.equal(sensitiveCategoryOf(field)?.category, category, field);
    for (const field of [
      'body.address.id', 'address.type', 'address.country_code', 'email.verified', 'email.isPrimary', 'email.status', 'email.length', 'email.hash',
      'email.subject', 'email.text', 'creditCard.last4', 'creditCard.masked', 'card.brand', 'phone.countryCode', 'phone.label', 'organizer.displayName',
      'emailAddress.name', 'address.createdAt', 'email.something_else',
    ]) assert.equal(sensitiveCategoryOf(field), undefined, field);
  });

  it('keeps the parts that hold a value apart from sensitive names, normalised', () => {
    for (const part of VALUE_PARTS) {
      assert.equal(SENSITIVE_FIELDS[part], undefined, part);
      assert.equal(normaliseFieldName(part), part, part);
    }
  });

  it('reads an owner prefix (customer_address, billing postal code) and the spellings of other languages', () => {
    assert.deepEqual(sensitiveCategoryOf('customer_address'), { category: 'address', name: 'customer_address' });
    assert.deepEqual(sensitiveCategoryOf('customer_postal_code'), { category: 'address', name: 'customer_postal_code' });
    assert.deepEqual(sensitiveCategoryOf('Geburtstag'), { category: 'birth-date', name: 'Geburtstag' });
    assert.deepEqual(sensitiveCategoryOf('Telefonnummer'), { category: 'contact', name: 'Telefonnummer' });
    for (const name of ['customer_address', 'Geburtstag', 'Mobilnummer', 'Mobilrufnummer', 'E-Mail Adresse', 'Straße', 'fecha_de_nacimiento']) {
      assert.ok(mayNameSensitiveField(name), name);
      assert.ok(sensitiveCategoryOf(name), name);
    }
    // A prefix alone is not a field, and a word that merely starts like one is not either.
    assert.equal(sensitiveCategoryOf('customer'), undefined);
    assert.equal(sensitiveCategoryOf('workflow_id'), undefined);
  });

  it('reads zip as a postal code (Shopify, Stripe), but not a zip archive', () => {
    assert.deepEqual(sensitiveCategoryOf('body.zip'), { category: 'address', name: 'zip' });
    assert.deepEqual(sensitiveCategoryOf('Billing Zip'), { category: 'address', name: 'Billing Zip' });
    assert.deepEqual(sensitiveCategoryOf('shipping_address.zip'), { category: 'address', name: 'zip' });
    for (const name of ['zipFile', 'unzip', 'zipped', 'gzip', '#binary.zip', '#binary.zip.fileName']) assert.equal(sensitiveCategoryOf(name), undefined, name);
  });

  it("reads a message's sender and recipients (from, From, to, cc, replyTo) and the parts that hold their addresses", () => {
    for (const field of ['from', 'From', 'to', 'cc', 'bcc', 'replyTo', 'reply_to', 'sender', 'toRecipients', 'from.text', 'from.html', 'from.value', 'from.value[0].address', 'to.value.address', 'body.from', 'body.toRecipients', 'value.0.from']) {
      assert.equal(messagePartyOf(field)?.category, 'contact', field);
    }
    assert.deepEqual(messagePartyOf('From'), { category: 'contact', name: "the sender's address (From)" });
    assert.deepEqual(messagePartyOf('to.value'), { category: 'contact', name: "the recipients' addresses (to.value)" });
    // A name is not an address; other fields are no party; a party deep in other data is something else.
    for (const field of ['from.value[0].name', 'from.name', 'subject', 'date', 'fromDate', 'order.from', 'rates.to', 'a.b.c.from', '']) assert.equal(messagePartyOf(field), undefined, field);
  });

  it("takes an address under a sender or recipient for an e-mail address, not a postal one", () => {
    assert.deepEqual(sensitiveCategoryOf('from.value[0].address'), { category: 'contact', name: 'from.value[0].address' });
    assert.deepEqual(sensitiveCategoryOf('replyTo.address'), { category: 'contact', name: 'replyTo.address' });
    assert.deepEqual(sensitiveCategoryOf('toRecipients.0.address'), { category: 'contact', name: 'toRecipients.0.address' });
    assert.deepEqual(sensitiveCategoryOf('shipping.address'), { category: 'address', name: 'address' });
    assert.deepEqual(sensitiveCategoryOf('order.from_warehouse.address'), { category: 'address', name: 'address' });
  });
});
