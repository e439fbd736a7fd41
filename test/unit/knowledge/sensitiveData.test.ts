import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normaliseFieldName, SENSITIVE_FIELDS, SENSITIVE_TEXT, sensitiveCategoryOf } from '../../../server/src/core/knowledge/sensitiveData.js';

describe('sensitive field names', () => {
  it('keeps the text prefilter in step with the names: every name, in any spelling, passes it', () => {
    for (const name of Object.keys(SENSITIVE_FIELDS)) {
      assert.ok(SENSITIVE_TEXT.test(name), name);
      assert.ok(SENSITIVE_TEXT.test(name.toUpperCase()), name);
    }
    for (const spelled of ['e_mail', 'E-Mail', 'Email Address', 'date_of_birth', 'zip_code', 'postal_code', 'sort_code', 'social_security_number', 'national_id', 'card_number', 'phone_number', 'whatsApp_number']) {
      assert.ok(SENSITIVE_TEXT.test(spelled), spelled);
      assert.ok(sensitiveCategoryOf(spelled), spelled);
    }
  });

  it('normalises names and finds the first sensitive segment of a path', () => {
    assert.equal(normaliseFieldName('E-Mail Address'), 'emailaddress');
    assert.deepEqual(sensitiveCategoryOf('properties.email.value'), { category: 'contact', name: 'email' });
    assert.deepEqual(sensitiveCategoryOf('customer.billing_address.city'), { category: 'address', name: 'billing_address' });
    assert.equal(sensitiveCategoryOf('order.total'), undefined);
    assert.equal(sensitiveCategoryOf(''), undefined);
  });

  it('reads an owner prefix (customer_address, billing postal code) and the spellings of other languages', () => {
    assert.deepEqual(sensitiveCategoryOf('customer_address'), { category: 'address', name: 'customer_address' });
    assert.deepEqual(sensitiveCategoryOf('customer_postal_code'), { category: 'address', name: 'customer_postal_code' });
    assert.deepEqual(sensitiveCategoryOf('Geburtstag'), { category: 'birth-date', name: 'Geburtstag' });
    assert.deepEqual(sensitiveCategoryOf('Telefonnummer'), { category: 'contact', name: 'Telefonnummer' });
    for (const name of ['customer_address', 'Geburtstag', 'Mobilnummer', 'Straße', 'fecha_de_nacimiento']) {
      assert.ok(SENSITIVE_TEXT.test(name), name);
      assert.ok(sensitiveCategoryOf(name), name);
    }
    // A prefix alone is not a field, and a word that merely starts like one is not either.
    assert.equal(sensitiveCategoryOf('customer'), undefined);
    assert.equal(sensitiveCategoryOf('workflow_id'), undefined);
  });

  it("takes an address under a sender or recipient for an e-mail address, not a postal one", () => {
    assert.deepEqual(sensitiveCategoryOf('from.value[0].address'), { category: 'contact', name: 'from.value[0].address' });
    assert.deepEqual(sensitiveCategoryOf('replyTo.address'), { category: 'contact', name: 'replyTo.address' });
    assert.deepEqual(sensitiveCategoryOf('toRecipients.0.address'), { category: 'contact', name: 'toRecipients.0.address' });
    assert.deepEqual(sensitiveCategoryOf('shipping.address'), { category: 'address', name: 'address' });
    assert.deepEqual(sensitiveCategoryOf('order.from_warehouse.address'), { category: 'address', name: 'address' });
  });
});
